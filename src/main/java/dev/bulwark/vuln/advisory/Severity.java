package dev.bulwark.vuln.advisory;

/**
 * An OSV severity entry as written: {@code type} is the wire type ({@code CVSS_V3}, {@code Ubuntu}, …) and
 * {@code score} its value (a CVSS vector, or a word for Ubuntu). Scoring is {@code vuln.cvss}'s job.
 */
public record Severity(String type, String score) {
  /** Vectors are under 200 characters; anything longer is malformed. */
  public static final int MAX_SCORE_LENGTH = 1024;

  public Severity {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("severity without a type");
    }
    if (type.length() > 64) {
      throw new IllegalArgumentException("severity type longer than 64 characters");
    }
    if (score == null || score.isEmpty()) {
      throw new IllegalArgumentException("severity " + type + " without a score");
    }
    if (score.length() > MAX_SCORE_LENGTH) {
      throw new IllegalArgumentException("severity score longer than " + MAX_SCORE_LENGTH + " characters");
    }
  }

  public SeverityType kind() {
    return SeverityType.of(type);
  }
}
