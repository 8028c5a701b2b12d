package dev.bulwark.vuln.cvss;

import dev.bulwark.vuln.advisory.Severity;
import java.util.Optional;

/**
 * A parsed CVSS vector and its base score, computed as its specification defines (v2: the CVSS v2 guide's
 * equations; v3.0 and v3.1: the specification's equations, v3.1 with its Roundup; v4.0: FIRST's
 * MacroVector lookup and interpolation). The score includes what the vector itself says: for v4.0
 * threat and environmental metrics present in the vector take part, as in FIRST's calculator.
 */
public sealed interface Cvss permits Cvss2, Cvss3, Cvss4 {
  CvssVersion version();

  /** The vector as given. */
  String vector();

  /** 0.0 to 10.0, one decimal. */
  double baseScore();

  default Rating rating() {
    return Rating.of(baseScore(), version());
  }

  /** The score as reports print it: {@code 9.8}. */
  default String scoreText() {
    return String.format(java.util.Locale.ROOT, "%.1f", baseScore());
  }

  /** Parses any supported version, told by its prefix ({@code CVSS:3.1/}, {@code CVSS:4.0/}; none for v2). */
  static Cvss parse(String vector) {
    Metrics.checkLength(vector);
    if (vector.startsWith("CVSS:4.0/")) {
      return Cvss4.parse(vector);
    }
    if (vector.startsWith("CVSS:3.")) {
      return Cvss3.parse(vector);
    }
    if (vector.startsWith("CVSS:") && !vector.startsWith("CVSS:2.0/")) {
      throw new InvalidCvssException(vector, "unsupported CVSS version");
    }
    return Cvss2.parse(vector);
  }

  static Optional<Cvss> tryParse(String vector) {
    try {
      return Optional.of(parse(vector));
    } catch (InvalidCvssException e) {
      return Optional.empty();
    }
  }

  /** The CVSS value of an OSV severity entry, when it is one and is valid. */
  static Optional<Cvss> of(Severity severity) {
    return switch (severity.kind()) {
      case CVSS_V2, CVSS_V3, CVSS_V4 -> tryParse(severity.score());
      case UBUNTU, OTHER -> Optional.empty();
    };
  }
}
