package dev.bulwark.vuln.match;

import dev.bulwark.vuln.cvss.Rating;
import java.util.Optional;

/**
 * How severe a finding is, and on what authority: a CVSS vector scored here, or, when an advisory
 * carries none, the feed's own word (GHSA's MODERATE, Debian's urgency, Ubuntu's priority).
 *
 * @param rating empty when nothing rates it
 * @param source what the rating came from: {@code CVSS:3.1}, {@code CVSS:4.0}, {@code GHSA}, {@code Debian urgency}, …
 */
public record FindingSeverity(Optional<Rating> rating, Optional<Double> score, Optional<String> vector, String source) {
  public static final FindingSeverity UNKNOWN = new FindingSeverity(Optional.empty(), Optional.empty(), Optional.empty(), "");

  /** Ordering for thresholds and sorting: unknown ranks below Low. */
  public int rank() {
    return rating.map(r -> r.ordinal() + 1).orElse(0);
  }

  public String label() {
    return rating.map(Rating::label).orElse("Unknown");
  }
}
