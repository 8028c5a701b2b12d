package dev.bulwark.vuln.scan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a report says about the advisory data it was made with, so a reader can judge its age.
 *
 * @param staleWarning set when the database is older than the allowed age
 */
public record DatabaseSummary(String location, Instant built, long advisories, List<String> sources,
    Optional<String> staleWarning) {
  public DatabaseSummary {
    sources = List.copyOf(sources);
  }
}
