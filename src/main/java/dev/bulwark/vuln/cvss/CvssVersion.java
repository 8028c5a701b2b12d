package dev.bulwark.vuln.cvss;

/** The CVSS versions Bulwark scores. */
public enum CvssVersion {
  V2("2.0"),
  V3_0("3.0"),
  V3_1("3.1"),
  V4_0("4.0");

  private final String label;

  CvssVersion(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
