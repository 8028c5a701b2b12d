package dev.bulwark.vuln.cvss;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CVSS v2 (FIRST, "A Complete Guide to the Common Vulnerability Scoring System Version 2.0", section 3.2.1).
 * Vectors are bare ({@code AV:N/AC:L/Au:N/C:P/I:P/A:P}); NVD's parenthesized form and a {@code CVSS:2.0/}
 * prefix are accepted. Temporal and environmental metrics are checked but not scored.
 */
public record Cvss2(String vector, Map<String, String> metrics, double baseScore) implements Cvss {
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("AV", Set.of("L", "A", "N")),
      Map.entry("AC", Set.of("H", "M", "L")),
      Map.entry("Au", Set.of("M", "S", "N")),
      Map.entry("C", Set.of("N", "P", "C")),
      Map.entry("I", Set.of("N", "P", "C")),
      Map.entry("A", Set.of("N", "P", "C")),
      Map.entry("E", Set.of("U", "POC", "F", "H", "ND")),
      Map.entry("RL", Set.of("OF", "TF", "W", "U", "ND")),
      Map.entry("RC", Set.of("UC", "UR", "C", "ND")),
      Map.entry("CDP", Set.of("N", "L", "LM", "MH", "H", "ND")),
      Map.entry("TD", Set.of("N", "L", "M", "H", "ND")),
      Map.entry("CR", Set.of("L", "M", "H", "ND")),
      Map.entry("IR", Set.of("L", "M", "H", "ND")),
      Map.entry("AR", Set.of("L", "M", "H", "ND")));
  private static final List<String> MANDATORY = List.of("AV", "AC", "Au", "C", "I", "A");

  public Cvss2 {
    metrics = Map.copyOf(metrics);
  }

  @Override
  public CvssVersion version() {
    return CvssVersion.V2;
  }

  public static Cvss2 parse(String vector) {
    Metrics.checkLength(vector);
    String body = vector;
    if (body.startsWith("(") && body.endsWith(")")) {
      body = body.substring(1, body.length() - 1);
    }
    if (body.startsWith("CVSS:2.0/")) {
      body = body.substring("CVSS:2.0/".length());
    }
    Map<String, String> m = Metrics.parse(vector, body, ALLOWED, MANDATORY);
    return new Cvss2(vector, m, score(m));
  }

  private static double score(Map<String, String> m) {
    double av = switch (m.get("AV")) {
      case "L" -> 0.395;
      case "A" -> 0.646;
      default -> 1.0;
    };
    double ac = switch (m.get("AC")) {
      case "H" -> 0.35;
      case "M" -> 0.61;
      default -> 0.71;
    };
    double au = switch (m.get("Au")) {
      case "M" -> 0.45;
      case "S" -> 0.56;
      default -> 0.704;
    };
    double impact = 10.41 * (1 - (1 - cia(m.get("C"))) * (1 - cia(m.get("I"))) * (1 - cia(m.get("A"))));
    double exploitability = 20 * av * ac * au;
    double f = impact == 0 ? 0 : 1.176;
    double base = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * f;
    return round1(base);
  }

  private static double cia(String value) {
    return switch (value) {
      case "P" -> 0.275;
      case "C" -> 0.660;
      default -> 0.0;
    };
  }

  /** Round half up to one decimal, on the double's exact value. */
  static double round1(double value) {
    if (value <= 0) {
      return 0.0;
    }
    return new BigDecimal(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
  }
}
