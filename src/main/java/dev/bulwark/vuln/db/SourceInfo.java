package dev.bulwark.vuln.db;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One feed in the database.
 *
 * @param name {@code osv:Debian} for an archive fetched by {@code db update}, {@code import:/abs/path} for a path
 *     given to {@code db import}
 * @param kind how it arrived
 * @param location the URL or path it was read from
 * @param retrievedAt when its current contents were read
 * @param checkedAt when it was last confirmed current (a conditional request answered 304), or retrievedAt
 * @param etag the HTTP ETag of the archive, for conditional requests
 * @param lastModified the HTTP Last-Modified of the archive, for conditional requests
 * @param sha256 the archive's SHA-256 (hex), when it was one file
 * @param advisoryCount advisories stored from it
 * @param withdrawnCount withdrawn advisories it contained (not stored)
 * @param rejectedCount documents it contained that are not valid OSV (not stored)
 */
public record SourceInfo(
    String name,
    Kind kind,
    String location,
    Instant retrievedAt,
    Instant checkedAt,
    Optional<String> etag,
    Optional<String> lastModified,
    Optional<String> sha256,
    long advisoryCount,
    long withdrawnCount,
    long rejectedCount) {
  public enum Kind {
    /** An osv.dev-style {@code <Ecosystem>/all.zip} fetched by {@code db update}. */
    ARCHIVE,
    /** Files, directories or archives given to {@code db import}. */
    IMPORT
  }

  public SourceInfo {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("source without a name");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(retrievedAt, "retrievedAt");
    Objects.requireNonNull(checkedAt, "checkedAt");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(sha256, "sha256");
  }

  public SourceInfo withCounts(long advisories, long withdrawn, long rejected) {
    return new SourceInfo(name, kind, location, retrievedAt, checkedAt, etag, lastModified, sha256, advisories,
        withdrawn, rejected);
  }

  public SourceInfo checked(Instant when) {
    return new SourceInfo(name, kind, location, retrievedAt, when, etag, lastModified, sha256, advisoryCount,
        withdrawnCount, rejectedCount);
  }
}
