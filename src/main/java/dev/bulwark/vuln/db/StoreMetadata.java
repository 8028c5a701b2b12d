package dev.bulwark.vuln.db;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a database holds and how old it is.
 *
 * @param location where it is (a path for SQLite)
 * @param schemaVersion the layout version it was written with
 * @param builtAt when it was last written by an import or update
 * @param sources its feeds, by name
 * @param advisoryCount stored advisories (an id stored by two feeds counts twice)
 * @param distinctIds distinct advisory ids
 * @param packageCount distinct (ecosystem, package) pairs named by affected entries
 */
public record StoreMetadata(
    String location,
    int schemaVersion,
    Instant builtAt,
    List<SourceInfo> sources,
    long advisoryCount,
    long distinctIds,
    long packageCount) {
  public StoreMetadata {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(builtAt, "builtAt");
    sources = List.copyOf(sources);
  }

  public Duration age(Instant now) {
    Duration age = Duration.between(builtAt, now);
    return age.isNegative() ? Duration.ZERO : age;
  }
}
