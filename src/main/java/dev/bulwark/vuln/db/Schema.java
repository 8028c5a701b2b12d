package dev.bulwark.vuln.db;

import java.util.List;

/**
 * The SQLite layout of the advisory database. One file; rollback journal (no WAL), written once by
 * {@link DatabaseBuilder} and never modified after it is renamed into place.
 *
 * <pre>
 * meta(key, value)                      format marker, schema version, build time
 * source(name, kind, location, …)       one row per feed: where it came from, when, its HTTP validators, counts
 * advisory(pk, id, source, modified_us, size, doc) one row per advisory and feed; doc is the normalized OSV JSON,
 *                                         DEFLATE-compressed (an id may appear in two feeds; readers keep the newest)
 * affected(base, name, ecosystem, advisory) which advisory names which package: ecosystem as written
 *                                         ({@code Debian:12}), its base ({@code Debian}), the name normalized
 *                                         per {@code PackageNames}; one index serves exact and any-release lookups
 * alias(alias, advisory, kind)          ids an advisory lists: 0 aliases, 1 upstream, 2 related
 * withdrawn(id, source, modified_us)    withdrawals seen, so an older copy of a withdrawn advisory stays out
 * </pre>
 */
final class Schema {
  /** Bump on any change to the layout or to the stored document form; readers refuse other versions. */
  static final int VERSION = 1;
  /** SQLite's application_id header field: "BWK1". Tells a Bulwark database from any other SQLite file. */
  static final int APPLICATION_ID = 0x42574b31;
  static final String FORMAT = "bulwark-advisories";

  static final List<String> TABLES = List.of(
      "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
      "CREATE TABLE source(name TEXT PRIMARY KEY, kind TEXT NOT NULL, location TEXT NOT NULL, retrieved_at TEXT NOT NULL,"
          + " checked_at TEXT NOT NULL, etag TEXT, last_modified TEXT, sha256 TEXT, advisory_count INTEGER NOT NULL,"
          + " withdrawn_count INTEGER NOT NULL, rejected_count INTEGER NOT NULL)",
      "CREATE TABLE advisory(pk INTEGER PRIMARY KEY, id TEXT NOT NULL, source TEXT NOT NULL, modified_us INTEGER NOT NULL,"
          + " size INTEGER NOT NULL, doc BLOB NOT NULL)",
      "CREATE TABLE affected(base TEXT NOT NULL, name TEXT NOT NULL, ecosystem TEXT NOT NULL, advisory INTEGER NOT NULL)",
      "CREATE TABLE alias(alias TEXT NOT NULL, advisory INTEGER NOT NULL, kind INTEGER NOT NULL)",
      "CREATE TABLE withdrawn(id TEXT NOT NULL, source TEXT NOT NULL, modified_us INTEGER NOT NULL)");

  /** Created after the bulk insert, which is faster than maintaining them row by row. */
  static final List<String> INDEXES = List.of(
            "CREATE INDEX advisory_id ON advisory(id)",
      "CREATE INDEX affected_package ON affected(base, name, ecosystem, advisory)",
      "CREATE INDEX alias_alias ON alias(alias)",
      "CREATE INDEX withdrawn_id ON withdrawn(id)");

  private Schema() {}
}
