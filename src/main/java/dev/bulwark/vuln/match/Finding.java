package dev.bulwark.vuln.match;

import dev.bulwark.inventory.Package;
import java.util.List;

/**
 * One vulnerability in one package of the image. Several advisories about the same flaw (a DSA and
 * the Debian CVE record, a GHSA and its CVE) make one finding that lists every id.
 *
 * @param id the id shown first: the advisory's own id (GHSA-…, DSA-…, PYSEC-…)
 * @param aliases every other id of the same vulnerability, CVE first
 * @param fixedVersions the versions that fix it for this package, oldest first; empty if none
 * @param unfixed the distribution or registry says no fix is released
 * @param summary one line
 */
public record Finding(
    Package pkg,
    String id,
    List<String> aliases,
    FindingSeverity severity,
    List<String> fixedVersions,
    boolean unfixed,
    String summary,
    List<String> references,
    String ecosystem) {
  public Finding {
    aliases = List.copyOf(aliases);
    fixedVersions = List.copyOf(fixedVersions);
    references = List.copyOf(references);
  }

  /** Every id, own id first. */
  public List<String> ids() {
    java.util.List<String> all = new java.util.ArrayList<>();
    all.add(id);
    all.addAll(aliases);
    return all;
  }
}
