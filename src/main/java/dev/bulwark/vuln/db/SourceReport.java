package dev.bulwark.vuln.db;

import java.util.List;

/**
 * What reading one source did.
 *
 * @param source the source's name
 * @param documents OSV documents read
 * @param stored advisories stored
 * @param merged documents merged into an advisory of the same id stored from this source before
 * @param withdrawn withdrawn advisories (not stored; older copies removed)
 * @param superseded advisories not stored because a withdrawal at least as recent was known
 * @param rejected documents that are not valid OSV
 * @param rejections the first few rejection messages
 */
public record SourceReport(
    String source,
    long documents,
    long stored,
    long merged,
    long withdrawn,
    long superseded,
    long rejected,
    List<String> rejections) {
  public SourceReport {
    rejections = List.copyOf(rejections);
  }
}
