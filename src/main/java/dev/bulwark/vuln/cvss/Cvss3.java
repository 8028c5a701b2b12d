package dev.bulwark.vuln.cvss;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CVSS v3.0 and v3.1 base scores (FIRST, CVSS v3.1 Specification, section 7.1 and Appendix A). The two
 * differ only in Roundup: v3.1's is defined on integers to avoid floating-point error, v3.0's is the
 * plain ceiling to one decimal. Temporal and environmental metrics are checked but not scored.
 */
public record Cvss3(CvssVersion version, String vector, Map<String, String> metrics, double baseScore)
    implements Cvss {
  private static final Set<String> HLN = Set.of("H", "L", "N");
  private static final Set<String> XHLN = Set.of("X", "H", "L", "N");
  private static final Set<String> XHML = Set.of("X", "H", "M", "L");
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("AV", Set.of("N", "A", "L", "P")),
      Map.entry("AC", Set.of("L", "H")),
      Map.entry("PR", Set.of("N", "L", "H")),
      Map.entry("UI", Set.of("N", "R")),
      Map.entry("S", Set.of("U", "C")),
      Map.entry("C", HLN),
      Map.entry("I", HLN),
      Map.entry("A", HLN),
      Map.entry("E", Set.of("X", "H", "F", "P", "U")),
      Map.entry("RL", Set.of("X", "U", "W", "T", "O")),
      Map.entry("RC", Set.of("X", "C", "R", "U")),
      Map.entry("CR", XHML),
      Map.entry("IR", XHML),
      Map.entry("AR", XHML),
      Map.entry("MAV", Set.of("X", "N", "A", "L", "P")),
      Map.entry("MAC", Set.of("X", "L", "H")),
      Map.entry("MPR", Set.of("X", "N", "L", "H")),
      Map.entry("MUI", Set.of("X", "N", "R")),
      Map.entry("MS", Set.of("X", "U", "C")),
      Map.entry("MC", XHLN),
      Map.entry("MI", XHLN),
      Map.entry("MA", XHLN));
  private static final List<String> MANDATORY = List.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");

  public Cvss3 {
    metrics = Map.copyOf(metrics);
  }

  public static Cvss3 parse(String vector) {
    Metrics.checkLength(vector);
    CvssVersion version;
    if (vector.startsWith("CVSS:3.1/")) {
      version = CvssVersion.V3_1;
    } else if (vector.startsWith("CVSS:3.0/")) {
      version = CvssVersion.V3_0;
    } else {
      throw new InvalidCvssException(vector, "does not start with CVSS:3.0/ or CVSS:3.1/");
    }
    Map<String, String> m = Metrics.parse(vector, vector.substring("CVSS:3.x/".length()), ALLOWED, MANDATORY);
    return new Cvss3(version, vector, m, score(m, version));
  }

  private static double score(Map<String, String> m, CvssVersion version) {
    boolean changed = m.get("S").equals("C");
    double av = switch (m.get("AV")) {
      case "N" -> 0.85;
      case "A" -> 0.62;
      case "L" -> 0.55;
      default -> 0.2;
    };
    double ac = m.get("AC").equals("L") ? 0.77 : 0.44;
    double pr = switch (m.get("PR")) {
      case "N" -> 0.85;
      case "L" -> changed ? 0.68 : 0.62;
      default -> changed ? 0.5 : 0.27;
    };
    double ui = m.get("UI").equals("N") ? 0.85 : 0.62;
    double iss = 1 - ((1 - cia(m.get("C"))) * (1 - cia(m.get("I"))) * (1 - cia(m.get("A"))));
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
    double exploitability = 8.22 * av * ac * pr * ui;
    if (impact <= 0) {
      return 0.0;
    }
    double raw = changed ? Math.min(1.08 * (impact + exploitability), 10) : Math.min(impact + exploitability, 10);
    return version == CvssVersion.V3_1 ? roundup31(raw) : roundup30(raw);
  }

  private static double cia(String value) {
    return switch (value) {
      case "H" -> 0.56;
      case "L" -> 0.22;
      default -> 0.0;
    };
  }

  /** CVSS v3.1 Appendix A: the smallest one-decimal number not below the input, computed on integers. */
  static double roundup31(double input) {
    long intInput = Math.round(input * 100_000);
    if (intInput % 10_000 == 0) {
      return intInput / 100_000.0;
    }
    return (Math.floorDiv(intInput, 10_000) + 1) / 10.0;
  }

  /** CVSS v3.0 section 7.5: round up to one decimal. */
  static double roundup30(double input) {
    return Math.ceil(input * 10) / 10.0;
  }
}
