package dev.bulwark.vuln.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.inventory.distro.Distro;
import dev.bulwark.vuln.db.SqliteAdvisoryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table-driven matching on real advisory records: each {@code vuln/match/<feed>/cases.tsv} names
 * the record folders it imports ({@code #sources}), then one installed package per line with the
 * findings expected for it, exactly: {@code ID=fixed|fixed} (fixed versions in order),
 * {@code ID=unfixed} (no fix released), {@code ID=affected} (no fix known), or {@code -} for none.
 * The package column is {@code type name version} followed by optional {@code source=name@version},
 * {@code label=modularity label}, {@code owned-by=purl}.
 */
class MatchCasesTest {
  static final List<String> FEEDS = List.of("almalinux", "go", "pypa", "ghsa", "debian", "ubuntu", "alpine");

  @TempDir static Path temp;
  static final Map<String, SqliteAdvisoryStore> STORES = new HashMap<>();

  @AfterAll
  static void close() {
    STORES.values().forEach(SqliteAdvisoryStore::close);
  }

  @TestFactory
  Stream<DynamicNode> casesFindExactlyTheExpectedAdvisories() throws IOException {
    List<DynamicNode> feeds = new ArrayList<>();
    for (String feed : FEEDS) {
      Path file = MatchFixtures.resource(feed + "/cases.tsv");
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<Path> sources = new ArrayList<>();
      List<DynamicNode> cases = new ArrayList<>();
      for (String line : lines) {
        if (line.startsWith("#sources\t")) {
          for (String source : line.substring("#sources\t".length()).split("\\s+")) {
            sources.add(source.equals("@ghsa-samples") ? MatchFixtures.ghsaSamples() : MatchFixtures.resource(source));
          }
        }
      }
      int number = 0;
      for (String line : lines) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        number++;
        String[] columns = line.split("\t");
        assertThat(columns).as("%s line: %s", file, line).hasSize(4);
        String name = String.format(Locale.ROOT, "%02d %s", number, columns[3]);
        cases.add(DynamicTest.dynamicTest(name, () -> check(feed, sources, columns)));
      }
      feeds.add(DynamicContainer.dynamicContainer(feed, cases));
    }
    return feeds.stream();
  }

  private static SqliteAdvisoryStore storeFor(String feed, List<Path> sources) {
    synchronized (STORES) {
      return STORES.computeIfAbsent(feed,
          f -> MatchFixtures.store(temp.resolve(f + ".db"), sources.toArray(Path[]::new)));
    }
  }

  private static void check(String feed, List<Path> sources, String[] columns) {
    Optional<Distro> distro = MatchFixtures.distro(columns[0]);
    Package pkg = parsePackage(columns[1], distro);
    List<Finding> findings = new Matcher(storeFor(feed, sources)).match(MatchFixtures.inventory(distro, List.of(pkg)));
    List<String> actual = findings.stream().map(MatchCasesTest::render).sorted().toList();
    List<String> expected = columns[2].equals("-") ? List.of() : Stream.of(columns[2].split(" ")).sorted().toList();
    assertThat(actual).as("findings for %s on %s", columns[1], columns[0]).containsExactlyElementsOf(expected);
  }

  static String render(Finding f) {
    String fix = f.fixedVersions().isEmpty()
        ? (f.unfixed() ? "unfixed" : "affected")
        : String.join("|", f.fixedVersions());
    return f.id() + "=" + fix;
  }

  static Package parsePackage(String spec, Optional<Distro> distro) {
    String[] parts = spec.split(" ");
    PackageType type = PackageType.valueOf(parts[0].toUpperCase(Locale.ROOT));
    PackageRecord.Builder builder = PackageRecord.builder(type, parts[1], parts[2]);
    Optional<String> ownedBy = Optional.empty();
    for (int i = 3; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      switch (kv[0]) {
        case "source" -> {
          int at = kv[1].indexOf('@');
          builder.source(kv[1].substring(0, at), kv[1].substring(at + 1));
        }
        case "label" -> builder.modularityLabel(kv[1]);
        case "owned-by" -> ownedBy = Optional.of(kv[1]);
        default -> throw new IllegalArgumentException("unknown package attribute " + parts[i]);
      }
    }
    return MatchFixtures.placed(builder.build(), distro, ownedBy);
  }
}
