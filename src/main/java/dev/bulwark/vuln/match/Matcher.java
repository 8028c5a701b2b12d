package dev.bulwark.vuln.match;

import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Affected;
import dev.bulwark.vuln.advisory.AffectedPackage;
import dev.bulwark.vuln.advisory.PackageNames;
import dev.bulwark.vuln.advisory.Reference;
import dev.bulwark.vuln.db.AdvisoryStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches an inventory against an advisory store: each package is looked up the way its ecosystem
 * publishes advisories ({@link Queries}), the entries that name it are evaluated with that
 * ecosystem's version order, and advisories about one flaw are merged into one finding.
 * Lookups are memoized by ecosystem and name, since many binaries share one source package.
 */
public final class Matcher {
  private static final int MAX_REFERENCES = 10;
  private static final int MAX_SUMMARY = 200;

  private final AdvisoryStore store;
  private final Map<String, List<Advisory>> lookups = new HashMap<>();

  public Matcher(AdvisoryStore store) {
    this.store = store;
  }

  public List<Finding> match(Inventory inventory) {
    List<Finding> findings = new ArrayList<>();
    for (Package p : inventory.packages()) {
      List<Finding> forPackage = new ArrayList<>();
      for (PackageQuery query : Queries.of(p, inventory.distro())) {
        for (Advisory advisory : advisories(query)) {
          List<Affected> entries = entries(advisory, query);
          if (p.type() == PackageType.RPM) {
            entries = ModularStreams.forPackage(entries, p.record());
          }
          if (entries.isEmpty()) {
            continue;
          }
          Verdict verdict = new AffectedEvaluator(query.scheme()).evaluate(entries, query.version());
          if (verdict.affected()) {
            forPackage.add(finding(p, advisory, entries, verdict, query));
          }
        }
      }
      findings.addAll(merge(forPackage));
    }
    findings.sort(Comparator.comparing((Finding f) -> -f.severity().rank())
        .thenComparing(f -> f.pkg().name())
        .thenComparing(Finding::id));
    return findings;
  }

  private List<Advisory> advisories(PackageQuery query) {
    String key = query.ecosystemBase() + "\n" + PackageNames.normalize(query.ecosystemBase(), query.name());
    return lookups.computeIfAbsent(key, k -> store.advisoriesForAnyRelease(query.ecosystemBase(), query.name()));
  }

  private static List<Affected> entries(Advisory advisory, PackageQuery query) {
    String name = PackageNames.normalize(query.ecosystemBase(), query.name());
    List<Affected> entries = new ArrayList<>();
    for (Affected entry : advisory.affected()) {
      if (entry.pkg().isEmpty()) {
        continue;
      }
      AffectedPackage pkg = entry.pkg().orElseThrow();
      if (pkg.ecosystem().base().equals(query.ecosystemBase())
          && query.release().test(pkg.ecosystem().release().orElse(""))
          && pkg.normalizedName().equals(name)) {
        entries.add(entry);
      }
    }
    return entries;
  }

  private static Finding finding(Package p, Advisory advisory, List<Affected> entries, Verdict verdict, PackageQuery query) {
    List<String> aliases = new ArrayList<>(advisory.allIds().subList(1, advisory.allIds().size()));
    aliases.addAll(advisory.related().stream().filter(id -> id.startsWith("CVE-") && !aliases.contains(id)).toList());
    aliases.sort(Comparator.comparing((String id) -> !id.startsWith("CVE-")).thenComparing(id -> id));
    List<String> references = advisory.references().stream().map(Reference::url).limit(MAX_REFERENCES).toList();
    return new Finding(p, advisory.id(), aliases, SeverityRules.of(advisory, entries), verdict.fixedVersions(),
        verdict.unfixed(), summary(advisory), references,
        entries.getFirst().pkg().map(a -> a.ecosystem().name()).orElse(query.ecosystemBase()));
  }

  private static String summary(Advisory advisory) {
    String text = advisory.summary().isBlank() ? advisory.details() : advisory.summary();
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() <= MAX_SUMMARY ? line : line.substring(0, MAX_SUMMARY - 1) + "…";
  }

  /**
   * Findings for one package that share an id are one vulnerability: a DSA and the Debian CVE
   * record it fixes, a GHSA and the PYSEC entry with the same CVE. They merge into the finding of
   * the most specific advisory (a distribution's or registry's own over a bare CVE record), with
   * every id, every fix, and the highest severity.
   */
  static List<Finding> merge(List<Finding> findings) {
    int[] parent = new int[findings.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    Map<String, Integer> firstWithId = new HashMap<>();
    for (int i = 0; i < findings.size(); i++) {
      for (String id : findings.get(i).ids()) {
        Integer other = firstWithId.putIfAbsent(id, i);
        if (other != null) {
          parent[root(parent, i)] = root(parent, other);
        }
      }
    }
    Map<Integer, List<Finding>> groups = new LinkedHashMap<>();
    for (int i = 0; i < findings.size(); i++) {
      groups.computeIfAbsent(root(parent, i), k -> new ArrayList<>()).add(findings.get(i));
    }
    List<Finding> merged = new ArrayList<>();
    for (List<Finding> group : groups.values()) {
      merged.add(combine(group));
    }
    return merged;
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static Finding combine(List<Finding> group) {
    if (group.size() == 1) {
      return group.getFirst();
    }
    Finding primary = group.stream()
        .min(Comparator.comparing((Finding f) -> f.id().startsWith("CVE-")).thenComparing(Finding::id))
        .orElseThrow();
    Set<String> aliases = new LinkedHashSet<>();
    Set<String> fixed = new LinkedHashSet<>();
    Set<String> references = new LinkedHashSet<>();
    FindingSeverity severity = primary.severity();
    boolean unfixed = true;
    for (Finding f : group) {
      aliases.addAll(f.ids());
      fixed.addAll(f.fixedVersions());
      references.addAll(f.references());
      if (f.severity().rank() > severity.rank()) {
        severity = f.severity();
      }
      unfixed &= f.unfixed();
    }
    aliases.remove(primary.id());
    List<String> sortedAliases = new ArrayList<>(aliases);
    sortedAliases.sort(Comparator.comparing((String id) -> !id.startsWith("CVE-")).thenComparing(id -> id));
    return new Finding(primary.pkg(), primary.id(), sortedAliases, severity, List.copyOf(fixed), unfixed && fixed.isEmpty(),
        primary.summary(), references.stream().limit(MAX_REFERENCES).toList(), primary.ecosystem());
  }
}
