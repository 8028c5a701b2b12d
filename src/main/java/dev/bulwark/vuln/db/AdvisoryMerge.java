package dev.bulwark.vuln.db;

import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Affected;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Two documents of one source with one id, as one advisory: the newer document's fields, and per ecosystem
 * the affected entries of the newer document naming that ecosystem (else the older's). Ids are united.
 */
final class AdvisoryMerge {
  private AdvisoryMerge() {}

  static Advisory merge(Advisory first, Advisory second) {
    boolean secondNewer = second.modified().compareTo(first.modified()) >= 0;
    Advisory newer = secondNewer ? second : first;
    Advisory older = secondNewer ? first : second;
    Set<String> covered = ecosystems(newer);
    List<Affected> affected = new ArrayList<>(newer.affected());
    for (Affected entry : older.affected()) {
      if (!covered.contains(ecosystem(entry))) {
        affected.add(entry);
      }
    }
    return new Advisory(newer.id(), newer.schemaVersion(), newer.modified(), newer.published().or(older::published),
        Optional.empty(), union(newer.aliases(), older.aliases()), union(newer.upstream(), older.upstream()),
        union(newer.related(), older.related()), newer.summary(), newer.details(), newer.severities(), affected,
        newer.references(), newer.databaseSpecific(), newer.source());
  }

  private static Set<String> ecosystems(Advisory advisory) {
    Set<String> out = new LinkedHashSet<>();
    advisory.affected().forEach(a -> out.add(ecosystem(a)));
    return out;
  }

  /** GIT-only entries have no package; they count as one pseudo-ecosystem. */
  private static String ecosystem(Affected affected) {
    return affected.pkg().map(p -> p.ecosystem().name()).orElse("");
  }

  private static List<String> union(List<String> a, List<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }
}
