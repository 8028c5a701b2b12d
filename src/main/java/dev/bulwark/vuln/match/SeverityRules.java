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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks a finding's severity. A CVSS vector is scored here rather than trusting a number someone
 * else computed; the package's own entry outranks the advisory's (a distribution rates its
 * build), and the newest CVSS version wins. With no vector, the feed's word counts: GHSA's
 * {@code database_specific.severity}, Ubuntu's priority, Debian's urgency, and the impact an RPM
 * erratum states in its summary ({@code Important: kernel security update}; AlmaLinux and Rocky
 * records carry no other rating).
 */
final class SeverityRules {
  /** Red Hat's impact scale, as errata summaries start ({@code Moderate: …}) or end ({@code … (Important)}). */
  private static final Pattern ERRATUM_IMPACT =
      Pattern.compile("^(Low|Moderate|Important|Critical): |\\((Low|Moderate|Important|Critical)\\)\\s*$");
  /** Distributions whose OSV records are errata with Red Hat's impact words. */
  private static final Set<String> ERRATA_ECOSYSTEMS = Set.of("AlmaLinux", "Rocky Linux", "Red Hat");

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
    return erratumImpact(advisory, entries).orElse(FindingSeverity.UNKNOWN);
  }

  private static Optional<FindingSeverity> erratumImpact(Advisory advisory, List<Affected> entries) {
    Optional<String> base = entries.stream().flatMap(e -> e.pkg().stream()).map(p -> p.ecosystem().base())
        .filter(ERRATA_ECOSYSTEMS::contains).findFirst();
    if (base.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = ERRATUM_IMPACT.matcher(advisory.summary());
    if (!m.find()) {
      return Optional.empty();
    }
    String word = m.group(1) != null ? m.group(1) : m.group(2);
    return Rating.ofWord(word).map(rating ->
        new FindingSeverity(Optional.of(rating), Optional.empty(), Optional.empty(), base.orElseThrow() + " erratum"));
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
