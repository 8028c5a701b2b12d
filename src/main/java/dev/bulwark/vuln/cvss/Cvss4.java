package dev.bulwark.vuln.cvss;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CVSS v4.0 (FIRST, CVSS v4.0 Specification, section 8): the vector's MacroVector (EQ1–EQ6) gives the
 * score of its class's highest-severity vector from FIRST's lookup table; the score is lowered by the
 * mean proportional severity distance to the next lower MacroVectors, then rounded half up to one
 * decimal. This follows FIRST's reference implementation step for step, including its floating-point
 * order of operations and the small epsilon added before rounding, so scores match it exactly.
 * Threat ({@code E}) and environmental metrics in the vector take part, as in the reference calculator.
 */
public record Cvss4(String vector, Map<String, String> metrics, double baseScore) implements Cvss {
  private static final Set<String> HLN = Set.of("H", "L", "N");
  private static final Set<String> XHLN = Set.of("X", "H", "L", "N");
  private static final Set<String> XSHLN = Set.of("X", "S", "H", "L", "N");
  private static final Set<String> XHML = Set.of("X", "H", "M", "L");
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("AV", Set.of("N", "A", "L", "P")),
      Map.entry("AC", Set.of("L", "H")),
      Map.entry("AT", Set.of("N", "P")),
      Map.entry("PR", Set.of("N", "L", "H")),
      Map.entry("UI", Set.of("N", "P", "A")),
      Map.entry("VC", HLN), Map.entry("VI", HLN), Map.entry("VA", HLN),
      Map.entry("SC", HLN), Map.entry("SI", HLN), Map.entry("SA", HLN),
      Map.entry("E", Set.of("X", "A", "P", "U")),
      Map.entry("CR", XHML), Map.entry("IR", XHML), Map.entry("AR", XHML),
      Map.entry("MAV", Set.of("X", "N", "A", "L", "P")),
      Map.entry("MAC", Set.of("X", "L", "H")),
      Map.entry("MAT", Set.of("X", "N", "P")),
      Map.entry("MPR", Set.of("X", "N", "L", "H")),
      Map.entry("MUI", Set.of("X", "N", "P", "A")),
      Map.entry("MVC", XHLN), Map.entry("MVI", XHLN), Map.entry("MVA", XHLN),
      Map.entry("MSC", XHLN), Map.entry("MSI", XSHLN), Map.entry("MSA", XSHLN),
      Map.entry("S", Set.of("X", "N", "P")),
      Map.entry("AU", Set.of("X", "N", "Y")),
      Map.entry("R", Set.of("X", "A", "U", "I")),
      Map.entry("V", Set.of("X", "D", "C")),
      Map.entry("RE", Set.of("X", "L", "M", "H")),
      Map.entry("U", Set.of("X", "Clear", "Green", "Amber", "Red")));
  private static final List<String> MANDATORY =
      List.of("AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA");
  /** FIRST's implementation lifts the value by this before rounding, against float error at x.x5. */
  private static final double EPSILON = 1e-6;
  private static final double STEP = 0.1;

  private static final Map<String, Double> AV = Map.of("N", 0.0, "A", 0.1, "L", 0.2, "P", 0.3);
  private static final Map<String, Double> PR = Map.of("N", 0.0, "L", 0.1, "H", 0.2);
  private static final Map<String, Double> UI = Map.of("N", 0.0, "P", 0.1, "A", 0.2);
  private static final Map<String, Double> AC = Map.of("L", 0.0, "H", 0.1);
  private static final Map<String, Double> AT = Map.of("N", 0.0, "P", 0.1);
  private static final Map<String, Double> VULN = Map.of("H", 0.0, "L", 0.1, "N", 0.2);
  private static final Map<String, Double> SC = Map.of("H", 0.1, "L", 0.2, "N", 0.3);
  private static final Map<String, Double> SI_SA = Map.of("S", 0.0, "H", 0.1, "L", 0.2, "N", 0.3);
  private static final Map<String, Double> REQ = Map.of("H", 0.0, "M", 0.1, "L", 0.2);

  public Cvss4 {
    metrics = Map.copyOf(metrics);
  }

  @Override
  public CvssVersion version() {
    return CvssVersion.V4_0;
  }

  public static Cvss4 parse(String vector) {
    Metrics.checkLength(vector);
    if (!vector.startsWith("CVSS:4.0/")) {
      throw new InvalidCvssException(vector, "does not start with CVSS:4.0/");
    }
    Map<String, String> m = Metrics.parse(vector, vector.substring("CVSS:4.0/".length()), ALLOWED, MANDATORY);
    return new Cvss4(vector, m, score(m));
  }

  /** The effective value of a metric: the modified one when set, and the worst case for X threat/requirements. */
  private static String m(Map<String, String> metrics, String metric) {
    String selected = metrics.getOrDefault(metric, "X");
    switch (metric) {
      case "E" -> {
        return selected.equals("X") ? "A" : selected;
      }
      case "CR", "IR", "AR" -> {
        return selected.equals("X") ? "H" : selected;
      }
      default -> {
        String modified = metrics.get("M" + metric);
        return modified != null && !modified.equals("X") ? modified : selected;
      }
    }
  }

  static String macroVector(Map<String, String> x) {
    String av = m(x, "AV");
    String pr = m(x, "PR");
    String ui = m(x, "UI");
    int eq1;
    if (av.equals("N") && pr.equals("N") && ui.equals("N")) {
      eq1 = 0;
    } else if ((av.equals("N") || pr.equals("N") || ui.equals("N")) && !av.equals("P")) {
      eq1 = 1;
    } else {
      eq1 = 2;
    }
    int eq2 = m(x, "AC").equals("L") && m(x, "AT").equals("N") ? 0 : 1;
    String vc = m(x, "VC");
    String vi = m(x, "VI");
    String va = m(x, "VA");
    int eq3;
    if (vc.equals("H") && vi.equals("H")) {
      eq3 = 0;
    } else if (vc.equals("H") || vi.equals("H") || va.equals("H")) {
      eq3 = 1;
    } else {
      eq3 = 2;
    }
    int eq4;
    if (m(x, "SI").equals("S") || m(x, "SA").equals("S")) {
      eq4 = 0;
    } else if (m(x, "SC").equals("H") || m(x, "SI").equals("H") || m(x, "SA").equals("H")) {
      eq4 = 1;
    } else {
      eq4 = 2;
    }
    int eq5 = switch (m(x, "E")) {
      case "A" -> 0;
      case "P" -> 1;
      default -> 2;
    };
    int eq6 = (m(x, "CR").equals("H") && vc.equals("H")) || (m(x, "IR").equals("H") && vi.equals("H"))
        || (m(x, "AR").equals("H") && va.equals("H")) ? 0 : 1;
    return "" + eq1 + eq2 + eq3 + eq4 + eq5 + eq6;
  }

  private static double score(Map<String, String> x) {
    if (List.of("VC", "VI", "VA", "SC", "SI", "SA").stream().allMatch(k -> m(x, k).equals("N"))) {
      return 0.0;
    }
    String mv = macroVector(x);
    double value = Cvss4Tables.LOOKUP.get(mv);
    int eq1 = mv.charAt(0) - '0';
    int eq2 = mv.charAt(1) - '0';
    int eq3 = mv.charAt(2) - '0';
    int eq4 = mv.charAt(3) - '0';
    int eq5 = mv.charAt(4) - '0';
    int eq6 = mv.charAt(5) - '0';

    double lowerEq1 = lookup(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
    double lowerEq2 = lookup(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
    double lowerEq3Eq6;
    if (eq3 == 1 && eq6 == 1) {
      lowerEq3Eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
    } else if (eq3 == 0 && eq6 == 1) {
      lowerEq3Eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
    } else if (eq3 == 1 && eq6 == 0) {
      lowerEq3Eq6 = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
    } else if (eq3 == 0 && eq6 == 0) {
      double left = lookup(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
      double right = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
      lowerEq3Eq6 = left > right ? left : right;
    } else {
      lowerEq3Eq6 = lookup(eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1);
    }
    double lowerEq4 = lookup(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
    double lowerEq5 = lookup(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

    // The severity distance from a highest-severity vector of the same MacroVector: the first of the
    // composed maxima that the vector does not exceed in any metric (the last one if none fits).
    double[] d = null;
    for (String e1 : Cvss4Tables.EQ1_MAX.get(eq1)) {
      for (String e2 : Cvss4Tables.EQ2_MAX.get(eq2)) {
        for (String e36 : Cvss4Tables.EQ3_EQ6_MAX.get(eq3).get(eq6)) {
          for (String e4 : Cvss4Tables.EQ4_MAX.get(eq4)) {
            for (String e5 : Cvss4Tables.EQ5_MAX.get(eq5)) {
              d = distances(x, parseMax(e1 + e2 + e36 + e4 + e5));
              if (fits(d)) {
                return finish(value, d, eq1, eq2, eq3, eq4, eq6, lowerEq1, lowerEq2, lowerEq3Eq6, lowerEq4, lowerEq5);
              }
            }
          }
        }
      }
    }
    return finish(value, d, eq1, eq2, eq3, eq4, eq6, lowerEq1, lowerEq2, lowerEq3Eq6, lowerEq4, lowerEq5);
  }

  private static double finish(double value, double[] d, int eq1, int eq2, int eq3, int eq4, int eq6,
      double lowerEq1, double lowerEq2, double lowerEq3Eq6, double lowerEq4, double lowerEq5) {
    // d: AV PR UI AC AT VC VI VA SC SI SA CR IR AR
    double currentEq1 = d[0] + d[1] + d[2];
    double currentEq2 = d[3] + d[4];
    double currentEq3Eq6 = d[5] + d[6] + d[7] + d[11] + d[12] + d[13];
    double currentEq4 = d[8] + d[9] + d[10];

    double availableEq1 = value - lowerEq1;
    double availableEq2 = value - lowerEq2;
    double availableEq3Eq6 = value - lowerEq3Eq6;
    double availableEq4 = value - lowerEq4;
    double availableEq5 = value - lowerEq5;

    double maxSeverityEq1 = Cvss4Tables.EQ1_DEPTH[eq1] * STEP;
    double maxSeverityEq2 = Cvss4Tables.EQ2_DEPTH[eq2] * STEP;
    double maxSeverityEq3Eq6 = Cvss4Tables.EQ3_EQ6_DEPTH[eq3][eq6] * STEP;
    double maxSeverityEq4 = Cvss4Tables.EQ4_DEPTH[eq4] * STEP;

    int existingLower = 0;
    double normalizedEq1 = 0;
    double normalizedEq2 = 0;
    double normalizedEq3Eq6 = 0;
    double normalizedEq4 = 0;
    double normalizedEq5 = 0;
    if (!Double.isNaN(availableEq1)) {
      existingLower++;
      normalizedEq1 = availableEq1 * (currentEq1 / maxSeverityEq1);
    }
    if (!Double.isNaN(availableEq2)) {
      existingLower++;
      normalizedEq2 = availableEq2 * (currentEq2 / maxSeverityEq2);
    }
    if (!Double.isNaN(availableEq3Eq6)) {
      existingLower++;
      normalizedEq3Eq6 = availableEq3Eq6 * (currentEq3Eq6 / maxSeverityEq3Eq6);
    }
    if (!Double.isNaN(availableEq4)) {
      existingLower++;
      normalizedEq4 = availableEq4 * (currentEq4 / maxSeverityEq4);
    }
    if (!Double.isNaN(availableEq5)) {
      // EQ5 has no depth: its proportion is always zero.
      existingLower++;
      normalizedEq5 = availableEq5 * 0;
    }
    double meanDistance = existingLower == 0 ? 0
        : (normalizedEq1 + normalizedEq2 + normalizedEq3Eq6 + normalizedEq4 + normalizedEq5) / existingLower;
    double result = value - meanDistance;
    if (result < 0) {
      result = 0.0;
    }
    if (result > 10) {
      result = 10.0;
    }
    return new BigDecimal(result + EPSILON).setScale(1, RoundingMode.HALF_UP).doubleValue();
  }

  private static double lookup(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
    Double score = Cvss4Tables.LOOKUP.get("" + eq1 + eq2 + eq3 + eq4 + eq5 + eq6);
    return score == null ? Double.NaN : score;
  }

  private static Map<String, String> parseMax(String composed) {
    Map<String, String> max = new HashMap<>();
    for (String part : composed.split("/")) {
      int colon = part.indexOf(':');
      max.put(part.substring(0, colon), part.substring(colon + 1));
    }
    return max;
  }

  private static double[] distances(Map<String, String> x, Map<String, String> max) {
    return new double[] {
      AV.get(m(x, "AV")) - AV.get(max.get("AV")),
      PR.get(m(x, "PR")) - PR.get(max.get("PR")),
      UI.get(m(x, "UI")) - UI.get(max.get("UI")),
      AC.get(m(x, "AC")) - AC.get(max.get("AC")),
      AT.get(m(x, "AT")) - AT.get(max.get("AT")),
      VULN.get(m(x, "VC")) - VULN.get(max.get("VC")),
      VULN.get(m(x, "VI")) - VULN.get(max.get("VI")),
      VULN.get(m(x, "VA")) - VULN.get(max.get("VA")),
      SC.get(m(x, "SC")) - SC.get(max.get("SC")),
      SI_SA.get(m(x, "SI")) - SI_SA.get(max.get("SI")),
      SI_SA.get(m(x, "SA")) - SI_SA.get(max.get("SA")),
      REQ.get(m(x, "CR")) - REQ.get(max.get("CR")),
      REQ.get(m(x, "IR")) - REQ.get(max.get("IR")),
      REQ.get(m(x, "AR")) - REQ.get(max.get("AR")),
    };
  }

  private static boolean fits(double[] distances) {
    for (double distance : distances) {
      if (distance < 0) {
        return false;
      }
    }
    return true;
  }
}
