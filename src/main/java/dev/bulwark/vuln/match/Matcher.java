package dev.bulwark.vuln.match;

import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Affected;
import dev.bulwark.vuln.advisory.PackageNames;
import dev.bulwark.vuln.advisory.Reference;
import dev.bulwark.vuln.db.AdvisoryStore;
import dev.bulwark.vuln.version.VersionSchemes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches an inventory against an advisory store: each package is looked up the way its ecosystem
 * publishes advisories ({@link Queries}), the entries that name it are evaluated with that
 * ecosystem's version order, and advisories about one flaw are merged into one finding.
 * Lookups are memoized by ecosystem and name, since many binaries share one source package. A
 * matcher serves one scan on one thread; make a new one for the next.
 */
public final class Matcher {
  private static final int MAX_REFERENCES = 10;
  private static final int MAX_SUMMARY = 200;

  private final AdvisoryStore store;
  private final Map<String, List<Advisory>> lookups = new HashMap<>();
  /**
   * Each advisory's entries by ecosystem base and normalized package name, built once: errata name
   * hundreds of packages (AlmaLinux's kernel errata list every kernel-* rpm of every build), and
   * every one of those packages in an image would otherwise scan all of them.
   */
  private final Map<String, Map<String, List<Affected>>> entryIndex = new HashMap<>();
  private final Map<String, Set<String>> streamsNamed = new HashMap<>();

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
          if (entries.isEmpty()) {
            continue;
          }
          if (p.type() == PackageType.RPM) {
            Set<String> streams = p.record().modularityLabel().isPresent()
                ? streamsNamed.computeIfAbsent(advisory.id(), id -> ModularStreams.streamsNamed(advisory.summary()))
                : Set.of();
            entries = ModularStreams.forPackage(streams, entries, p.record());
            if (ErrataBuilds.fixInstalled(entries, query.version(), query.scheme())) {
              continue;
            }
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

  private List<Affected> entries(Advisory advisory, PackageQuery query) {
    Map<String, List<Affected>> byName = entryIndex.computeIfAbsent(advisory.id() + "\n" + query.ecosystemBase(),
        k -> index(advisory, query.ecosystemBase()));
    List<Affected> named = byName.getOrDefault(PackageNames.normalize(query.ecosystemBase(), query.name()), List.of());
    List<Affected> entries = new ArrayList<>(named.size());
    for (Affected entry : named) {
      if (query.release().test(entry.pkg().orElseThrow().ecosystem().release().orElse(""))) {
        entries.add(entry);
      }
    }
    return entries;
  }

  private static Map<String, List<Affected>> index(Advisory advisory, String ecosystemBase) {
    Map<String, List<Affected>> byName = new HashMap<>();
    for (Affected entry : advisory.affected()) {
      if (entry.pkg().isPresent() && entry.pkg().orElseThrow().ecosystem().base().equals(ecosystemBase)) {
        byName.computeIfAbsent(entry.pkg().orElseThrow().normalizedName(), k -> new ArrayList<>()).add(entry);
      }
    }
    return byName;
  }

  private static Finding finding(Package p, Advisory advisory, List<Affected> entries, Verdict verdict,
      PackageQuery query) {
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
   * Merges the findings of one package that are about the same vulnerability: a DSA and the Debian
   * CVE record it fixes, a GHSA and the PYSEC entry with the same CVE, a USN and the Ubuntu CVE
   * record naming it. Findings sharing an id merge, with one exception: two errata that each fix
   * several CVEs (DSAs, USNs, ALSAs) are different fixes even when their CVE lists overlap, as
   * kernel errata's do, and merging them would chain unrelated fixes into one finding. Such
   * bundles merge only when one names the other; a single-CVE record joins one bundle that lists
   * its CVE. The merged finding takes the most specific advisory's id (a distribution's or
   * registry's own over a per-CVE record), every id, every fix, and the highest severity.
   */
  static List<Finding> merge(List<Finding> findings) {
    int n = findings.size();
    int[] parent = new int[n];
    boolean[] bundle = new boolean[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
      bundle[i] = findings.get(i).ids().stream().filter(id -> id.startsWith("CVE-")).distinct().count() > 1;
    }
    Map<String, Integer> owner = new HashMap<>();
    for (int i = 0; i < n; i++) {
      owner.putIfAbsent(findings.get(i).id(), i);
    }
    // One names the other (the same advisory found twice, a USN naming the Ubuntu CVE record), or
    // two single-vulnerability records share an id.
    Map<String, Integer> singleWithId = new HashMap<>();
    for (int i = 0; i < n; i++) {
      for (String id : findings.get(i).ids()) {
        Integer named = owner.get(id);
        if (named != null && named != i) {
          union(parent, i, named);
        }
        if (!bundle[i]) {
          Integer other = singleWithId.putIfAbsent(id, i);
          if (other != null) {
            union(parent, i, other);
          }
        }
      }
    }
    // Groups of single records join the first group holding a bundle that lists one of their ids.
    Map<Integer, Boolean> hasBundle = new HashMap<>();
    Map<String, Integer> bundleGroupWithId = new HashMap<>();
    for (int i = 0; i < n; i++) {
      if (bundle[i]) {
        hasBundle.put(root(parent, i), true);
      }
    }
    for (int i = 0; i < n; i++) {
      if (hasBundle.containsKey(root(parent, i))) {
        for (String id : findings.get(i).ids()) {
          bundleGroupWithId.putIfAbsent(id, root(parent, i));
        }
      }
    }
    Map<Integer, Integer> joins = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int group = root(parent, i);
      if (hasBundle.containsKey(group) || joins.containsKey(group)) {
        continue;
      }
      for (String id : findings.get(i).ids()) {
        Integer target = bundleGroupWithId.get(id);
        if (target != null) {
          joins.put(group, target);
          break;
        }
      }
    }
    Map<Integer, List<Finding>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      int group = root(parent, i);
      groups.computeIfAbsent(joins.getOrDefault(group, group), k -> new ArrayList<>()).add(findings.get(i));
    }
    List<Finding> merged = new ArrayList<>();
    for (List<Finding> group : groups.values()) {
      merged.add(combine(group));
    }
    return merged;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = root(parent, a);
    int rb = root(parent, b);
    if (ra != rb) {
      parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Lower is more specific: an advisory, then a distribution's per-CVE record, then a bare CVE record. */
  private static int specificity(String id) {
    if (id.startsWith("CVE-")) {
      return 2;
    }
    return id.contains("-CVE-") ? 1 : 0;
  }

  private static Finding combine(List<Finding> group) {
    if (group.size() == 1) {
      return group.getFirst();
    }
    Finding primary = group.stream()
        .min(Comparator.comparingInt((Finding f) -> specificity(f.id())).thenComparing(Finding::id))
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
    List<String> sortedFixed = new ArrayList<>(fixed);
    VersionSchemes.forEcosystem(primary.ecosystem()).ifPresent(sortedFixed::sort);
    return new Finding(primary.pkg(), primary.id(), sortedAliases, severity, sortedFixed, unfixed && fixed.isEmpty(),
        primary.summary(), references.stream().limit(MAX_REFERENCES).toList(), primary.ecosystem());
  }
}
