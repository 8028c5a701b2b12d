package dev.bulwark.vuln.match;

import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Affected;
import dev.bulwark.vuln.advisory.Severity;
import dev.bulwark.vuln.advisory.SeverityType;
import dev.bulwark.vuln.cvss.Cvss;
import dev.bulwark.vuln.cvss.InvalidCvssException;
import dev.bulwark.vuln.cvss.Rating;
import java.util.List;
import java.util.Optional;

/**
 * Picks a finding's severity. A CVSS vector is scored here rather than trusting a number someone
 * else computed; the package's own entry outranks the advisory's (a distribution rates its
 * build), and the newest CVSS version wins. With no vector, the feed's word counts: GHSA's
 * {@code database_specific.severity}, Ubuntu's priority, Debian's urgency.
 */
final class SeverityRules {
  private SeverityRules() {}

  static FindingSeverity of(Advisory advisory, List<Affected> entries) {
    for (Affected entry : entries) {
      Optional<FindingSeverity> scored = scored(entry.severities());
      if (scored.isPresent()) {
        return scored.orElseThrow();
      }
    }
    Optional<FindingSeverity> scored = scored(advisory.severities());
    if (scored.isPresent()) {
      return scored.orElseThrow();
    }
    for (Severity severity : advisory.severities()) {
      if (severity.kind() == SeverityType.UBUNTU) {
        Optional<Rating> word = Rating.ofWord(severity.score());
        if (word.isPresent()) {
          return new FindingSeverity(word, Optional.empty(), Optional.empty(), "Ubuntu priority");
        }
      }
    }
    for (Affected entry : entries) {
      Optional<Rating> word = entry.specificSeverity().flatMap(Rating::ofWord);
      if (word.isPresent()) {
        return new FindingSeverity(word, Optional.empty(), Optional.empty(), "vendor");
      }
      Optional<Rating> urgency = entry.urgency().flatMap(Rating::ofWord);
      if (urgency.isPresent()) {
        return new FindingSeverity(urgency, Optional.empty(), Optional.empty(), "Debian urgency");
      }
    }
    Optional<Rating> database = advisory.databaseSeverity().flatMap(Rating::ofWord);
    if (database.isPresent()) {
      return new FindingSeverity(database, Optional.empty(), Optional.empty(),
          advisory.id().startsWith("GHSA-") ? "GHSA" : "vendor");
    }
    return FindingSeverity.UNKNOWN;
  }

  private static Optional<FindingSeverity> scored(List<Severity> severities) {
    for (SeverityType type : List.of(SeverityType.CVSS_V4, SeverityType.CVSS_V3, SeverityType.CVSS_V2)) {
      for (Severity severity : severities) {
        if (severity.kind() != type) {
          continue;
        }
        try {
          Cvss cvss = Cvss.parse(severity.score());
          return Optional.of(new FindingSeverity(Optional.of(cvss.rating()), Optional.of(cvss.baseScore()),
              Optional.of(cvss.vector()), "CVSS:" + cvss.version().label()));
        } catch (InvalidCvssException e) {
          // a malformed vector rates nothing; the next candidate may
        }
      }
    }
    return Optional.empty();
  }
}
