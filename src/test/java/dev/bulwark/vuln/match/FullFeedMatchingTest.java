package dev.bulwark.vuln.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.inventory.distro.Distro;
import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Affected;
import dev.bulwark.vuln.advisory.Ecosystem;
import dev.bulwark.vuln.advisory.Event;
import dev.bulwark.vuln.advisory.Range;
import dev.bulwark.vuln.advisory.RangeType;
import dev.bulwark.vuln.db.SqliteAdvisoryStore;
import dev.bulwark.vuln.version.VersionScheme;
import dev.bulwark.vuln.version.VersionSchemes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariants of matching over the complete AlmaLinux, Go and PyPA feeds of the shared fixture set
 * (skipped when it is not beside the project): every build an erratum released is not reported as
 * affected by that erratum, every Go fix is not affected and every Go introduced version is, every
 * version a PyPA record lists is affected, and the Go standard library at a toolchain version gets
 * exactly the advisories whose ranges hold it.
 */
class FullFeedMatchingTest {
  static final int MAX_VERSIONS_PER_PROJECT = 40;

  @TempDir static Path temp;
  static SqliteAdvisoryStore store;
  static List<Advisory> all;

  @BeforeAll
  static void importFeeds() throws Exception {
    Path shared = MatchFixtures.SHARED;
    List<Path> feeds = List.of(shared.resolve("vuln-osv-almalinux/advisories"), shared.resolve("vuln-osv-go/data/osv"),
        shared.resolve("vuln-osv-pypi-pysec/vulns"));
    for (Path feed : feeds) {
      assumeTrue(Files.isDirectory(feed), "shared fixture " + feed + " not present");
    }
    Path db = temp.resolve("full.db");
    store = MatchFixtures.store(db, feeds.toArray(Path[]::new));
    List<String> ids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT id FROM advisory ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    all = ids.stream().map(id -> store.advisory(id).orElseThrow()).toList();
  }

  @AfterAll
  static void close() {
    if (store != null) {
      store.close();
    }
  }

  private record Installed(String release, String name, String version, Optional<String> label) {}

  @Test
  void almaLinuxBuildsAreNotAffectedByTheErratumThatReleasedThem() {
    Map<Installed, Set<String>> releasedBy = new TreeMap<>(Comparator.comparing(Installed::toString));
    for (Advisory advisory : all) {
      Set<String> streams = ModularStreams.streamsNamed(advisory.summary());
      for (Affected entry : advisory.affected()) {
        Ecosystem ecosystem = entry.pkg().orElseThrow().ecosystem();
        if (!ecosystem.base().equals("AlmaLinux")) {
          continue;
        }
        for (Range range : entry.ranges()) {
          for (String fix : range.versions(Event.Kind.FIXED)) {
            Optional<String> label = Optional.empty();
            if (ModularStreams.isModular(fix)) {
              if (streams.size() != 1) {
                continue; // the stream is not known for sure; the major-version rule decides those
              }
              label = Optional.of(streams.iterator().next() + ":1:ffffffff");
            }
            Installed installed =
                new Installed(ecosystem.release().orElseThrow(), entry.pkg().orElseThrow().name(), fix, label);
            releasedBy.computeIfAbsent(installed, k -> new TreeSet<>()).add(advisory.id());
          }
        }
      }
    }
    List<String> wrong = new ArrayList<>();
    Map<String, Matcher> matchers = new TreeMap<>();
    for (Map.Entry<Installed, Set<String>> e : releasedBy.entrySet()) {
      Installed i = e.getKey();
      Optional<Distro> distro = MatchFixtures.distro("almalinux:" + i.release() + ".0");
      PackageRecord.Builder builder = PackageRecord.builder(PackageType.RPM, i.name(), i.version());
      i.label().ifPresent(builder::modularityLabel);
      Package pkg = MatchFixtures.placed(builder.build(), distro, Optional.empty());
      List<Finding> findings = matchers.computeIfAbsent(i.release(), r -> new Matcher(store))
          .match(MatchFixtures.inventory(distro, List.of(pkg)));
      Set<String> reported = findings.stream().flatMap(f -> f.ids().stream()).collect(Collectors.toSet());
      for (String id : e.getValue()) {
        if (reported.contains(id)) {
          wrong.add(i + " reported affected by " + id + ", which released it");
        }
      }
    }
    System.out.printf("AlmaLinux: %d released builds installed one by one, %d reported by their own erratum%n",
        releasedBy.size(), wrong.size());
    assertThat(releasedBy).hasSizeGreaterThan(30_000);
    assertThat(wrong).isEmpty();
  }

  @Test
  void goFixesAreNotAffectedAndIntroducedVersionsAre() {
    VersionScheme go = VersionSchemes.forEcosystem("Go").orElseThrow();
    Matcher matcher = new Matcher(store);
    int checked = 0;
    List<String> wrong = new ArrayList<>();
    for (Advisory advisory : all) {
      for (Affected entry : advisory.affected()) {
        if (entry.pkg().isEmpty() || !entry.pkg().orElseThrow().ecosystem().name().equals("Go")) {
          continue;
        }
        String module = entry.pkg().orElseThrow().name();
        for (Range range : entry.ranges()) {
          if (range.type() != RangeType.SEMVER) {
            continue;
          }
          for (Event event : range.events()) {
            if (event.kind() == Event.Kind.LIMIT || event.isIntroducedAtZero()) {
              continue;
            }
            boolean expected = holds(advisory, module, event.version(), go);
            Set<String> reported = goIds(matcher, module, event.version());
            checked++;
            if (reported.contains(advisory.id()) != expected) {
              wrong.add(module + "@" + event.version() + " (" + event.kind() + ") " + (expected ? "not " : "")
                  + "reported by " + advisory.id());
            }
            if (event.kind() == Event.Kind.INTRODUCED && !expected) {
              wrong.add(module + "@" + event.version() + " introduced by " + advisory.id() + " but outside its ranges");
            }
          }
        }
      }
    }
    System.out.printf("Go: %d introduced/fixed versions installed one by one, %d wrong%n", checked, wrong.size());
    assertThat(checked).isGreaterThan(5_000);
    assertThat(wrong).isEmpty();
  }

  @Test
  void goStdlibAtAToolchainVersionGetsExactlyTheAdvisoriesWhoseRangesHoldIt() {
    VersionScheme go = VersionSchemes.forEcosystem("Go").orElseThrow();
    for (String toolchain : List.of("1.19.8", "1.20.3", "1.21.0", "1.22.5", "1.17")) {
      Set<String> expected = new TreeSet<>();
      for (Advisory advisory : all) {
        if (holds(advisory, "stdlib", toolchain, go)) {
          expected.add(advisory.id());
        }
      }
      List<Finding> findings = new Matcher(store).match(MatchFixtures.inventory(Optional.empty(), List.of(
          MatchFixtures.placed(PackageRecord.builder(PackageType.GOLANG, "stdlib", toolchain).build(), Optional.empty(),
              Optional.empty()))));
      // Go records that alias one another (GO-2024-3106 names GO-2022-0526's CVE) are one finding.
      Set<String> found = findings.stream().flatMap(f -> f.ids().stream()).filter(id -> id.startsWith("GO-"))
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(found).as("stdlib %s", toolchain).isEqualTo(expected);
      for (Finding f : findings) {
        // the fix of the range holding the version, for each record merged into the finding
        Set<String> fixes = new TreeSet<>();
        for (String id : f.ids()) {
          if (id.startsWith("GO-")) {
            fixes.addAll(MatchFixtures.rangeFixes(store.advisory(id).orElseThrow(), "Go", "stdlib", toolchain, go));
          }
        }
        fixes.remove("");
        assertThat(new TreeSet<>(f.fixedVersions())).as("fixes of %s for stdlib %s", f.id(), toolchain)
            .isEqualTo(fixes);
        assertThat(f.fixedVersions()).isNotEmpty().allMatch(fix -> go.compare(fix, toolchain) > 0);
      }
      System.out.printf("Go stdlib %s: %d advisories%n", toolchain, expected.size());
    }
  }

  @Test
  void everyVersionAPypaRecordListsIsAffected() {
    VersionScheme pep440 = VersionSchemes.forEcosystem("PyPI").orElseThrow();
    // (project, listed version) → the records listing it
    Map<String, Map<String, Set<String>>> listedBy = new TreeMap<>();
    for (Advisory advisory : all) {
      for (Affected entry : advisory.affected()) {
        if (entry.pkg().isPresent() && entry.pkg().orElseThrow().ecosystem().name().equals("PyPI")) {
          for (String version : entry.versions()) {
            if (pep440.isValid(version)) {
              listedBy.computeIfAbsent(entry.pkg().orElseThrow().name(), k -> new TreeMap<>())
                  .computeIfAbsent(version, k -> new TreeSet<>()).add(advisory.id());
            }
          }
        }
      }
    }
    Matcher matcher = new Matcher(store);
    int checked = 0;
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, Map<String, Set<String>>> project : listedBy.entrySet()) {
      // At most MAX_VERSIONS_PER_PROJECT versions of each project, spread over its list: tensorflow's
      // 400 records list its 300 versions, and every version meets all 400.
      List<Map.Entry<String, Set<String>>> versions = new ArrayList<>(project.getValue().entrySet());
      int step = Math.max(1, versions.size() / MAX_VERSIONS_PER_PROJECT);
      for (int i = 0; i < versions.size(); i += step) {
        String version = versions.get(i).getKey();
        checked++;
        List<Finding> findings = matcher.match(MatchFixtures.inventory(Optional.empty(), List.of(MatchFixtures.placed(
            PackageRecord.builder(PackageType.PYPI, project.getKey(), version).build(), Optional.empty(),
            Optional.empty()))));
        Set<String> reported = findings.stream().flatMap(f -> f.ids().stream()).collect(Collectors.toSet());
        for (String id : versions.get(i).getValue()) {
          if (!reported.contains(id)) {
            wrong.add(project.getKey() + " " + version + " listed by " + id);
          }
        }
      }
    }
    System.out.printf("PyPI: %d listed versions installed one by one, %d records not reporting them%n", checked,
        wrong.size());
    assertThat(checked).isGreaterThan(10_000);
    assertThat(wrong).isEmpty();
  }

  private static Set<String> goIds(Matcher matcher, String module, String version) {
    List<Finding> findings = matcher.match(MatchFixtures.inventory(Optional.empty(), List.of(MatchFixtures.placed(
        PackageRecord.builder(PackageType.GOLANG, module, "v" + version).build(), Optional.empty(),
        Optional.empty()))));
    Set<String> ids = new LinkedHashSet<>();
    findings.forEach(f -> ids.addAll(f.ids()));
    return ids;
  }

  static boolean holds(Advisory advisory, String module, String version, VersionScheme scheme) {
    return !MatchFixtures.rangeFixes(advisory, "Go", module, version, scheme).isEmpty();
  }
}
