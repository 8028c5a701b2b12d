package dev.bulwark.vuln.cvss;

import java.util.Locale;
import java.util.Optional;

/**
 * Qualitative severity. CVSS v3.x and v4.0 share one scale (None 0.0, Low 0.1–3.9, Medium 4.0–6.9, High
 * 7.0–8.9, Critical 9.0–10.0). CVSS v2 defines none; NVD's v2 scale is used (Low 0.0–3.9, Medium
 * 4.0–6.9, High 7.0–10.0), so a v2 score is never None or Critical.
 */
public enum Rating {
  NONE,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  public static Rating of(double score, CvssVersion version) {
    if (version == CvssVersion.V2) {
      return score >= 7.0 ? HIGH : score >= 4.0 ? MEDIUM : LOW;
    }
    if (score == 0.0) {
      return NONE;
    }
    return score >= 9.0 ? CRITICAL : score >= 7.0 ? HIGH : score >= 4.0 ? MEDIUM : LOW;
  }

  /**
   * A feed's own word: GHSA's LOW/MODERATE/HIGH/CRITICAL, Ubuntu's negligible/low/medium/high/critical,
   * Debian urgencies (unimportant, low, medium, high). Unknown words ("not yet assigned") give empty.
   */
  public static Optional<Rating> ofWord(String word) {
    return switch (word.strip().toLowerCase(Locale.ROOT)) {
      case "none" -> Optional.of(NONE);
      case "negligible", "unimportant", "low" -> Optional.of(LOW);
      case "medium", "moderate" -> Optional.of(MEDIUM);
      case "high", "important" -> Optional.of(HIGH);
      case "critical" -> Optional.of(CRITICAL);
      default -> Optional.empty();
    };
  }

  /** Title case, as reports print it: {@code Critical}. */
  public String label() {
    String name = name();
    return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
  }
}
