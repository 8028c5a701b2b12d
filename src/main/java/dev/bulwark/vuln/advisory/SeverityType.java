package dev.bulwark.vuln.advisory;

/**
 * The kinds of OSV severity entries: CVSS vectors of each version, Ubuntu's own priority
 * ({@code negligible}, {@code low}, {@code medium}, {@code high}, {@code critical}), or a type this
 * version of Bulwark does not know (kept, not interpreted).
 */
public enum SeverityType {
  CVSS_V2,
  CVSS_V3,
  CVSS_V4,
  UBUNTU,
  OTHER;

  public static SeverityType of(String wireType) {
    return switch (wireType) {
      case "CVSS_V2" -> CVSS_V2;
      case "CVSS_V3" -> CVSS_V3;
      case "CVSS_V4" -> CVSS_V4;
      case "Ubuntu" -> UBUNTU;
      default -> OTHER;
    };
  }
}
