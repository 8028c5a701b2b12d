package dev.bulwark.vuln.osv;

import java.util.Locale;
import java.util.Optional;

/** The two encodings OSV documents come in: JSON (osv.dev, most feeds) and YAML (the PyPA database). */
public enum OsvFormat {
  JSON,
  YAML;

  /** By file name: {@code .json}, {@code .yaml} or {@code .yml}; anything else is not an OSV document. */
  public static Optional<OsvFormat> ofFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return Optional.of(JSON);
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return Optional.of(YAML);
    }
    return Optional.empty();
  }
}
