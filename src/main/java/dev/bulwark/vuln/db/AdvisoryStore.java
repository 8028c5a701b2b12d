package dev.bulwark.vuln.db;

import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Ecosystem;
import java.util.List;
import java.util.Optional;

/**
 * Read access to an advisory database, for the matcher and the CLI. The embedded implementation is
 * {@link SqliteAdvisoryStore}; a server may keep the same data elsewhere (PostgreSQL) behind this interface.
 *
 * <p>Lookups return whole advisories, each with all its affected entries; use
 * {@link Advisory#affecting(Ecosystem, String)} to pick the entries for the package looked up. Results are
 * ordered by id. An id present in several feeds is returned once, in its most recently modified form.
 * Withdrawn advisories are never stored. Package names are compared after
 * {@link dev.bulwark.vuln.advisory.PackageNames} normalization, so callers pass names as the inventory has them.
 *
 * <p>Implementations are safe for use by several threads. A store that cannot be read throws
 * {@link dev.bulwark.InputException}; it never answers with an empty result instead.
 */
public interface AdvisoryStore extends AutoCloseable {
  /** Advisories naming this package in exactly this ecosystem ({@code Debian:12}, {@code PyPI}). */
  List<Advisory> advisoriesFor(Ecosystem ecosystem, String packageName);

  /**
   * Advisories naming this package in any release of an ecosystem: {@code Ubuntu} finds those for
   * {@code Ubuntu:22.04:LTS} and {@code Ubuntu:Pro:22.04:LTS} alike. For ecosystems without releases this
   * is the same as {@link #advisoriesFor}.
   */
  List<Advisory> advisoriesForAnyRelease(String ecosystemBase, String packageName);

  /** The advisory with this id. */
  Optional<Advisory> advisory(String id);

  /**
   * Advisories that are this id or list it among their aliases, upstream or related ids: for
   * {@code CVE-2021-44228}, the GHSA, the distributions' records, and the CVE record if stored.
   */
  List<Advisory> advisoriesNaming(String id);

  StoreMetadata metadata();

  @Override
  void close();
}
