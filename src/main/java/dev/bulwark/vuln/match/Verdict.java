package dev.bulwark.vuln.match;

import java.util.List;

/**
 * What an advisory's affected entries say about one version.
 *
 * @param fixedVersions the {@code fixed} versions of the ranges that hold the version, oldest
 *     first; empty when no fix is known
 * @param unfixed no released version is known to fix it: a matching range never closes, or ends
 *     with {@code last_affected} (GHSA's way of saying there is no patched version)
 */
public record Verdict(boolean affected, List<String> fixedVersions, boolean unfixed) {
  public static final Verdict NOT_AFFECTED = new Verdict(false, List.of(), false);

  public Verdict {
    fixedVersions = List.copyOf(fixedVersions);
  }
}
