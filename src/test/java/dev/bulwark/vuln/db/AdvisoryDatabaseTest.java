package dev.bulwark.vuln.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Ecosystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdvisoryDatabaseTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);
  @TempDir Path temp;

  Path db() {
    return temp.resolve("db/advisories.db");
  }

  AdvisoryImporter.Result importAll() {
    return AdvisoryImporter.importPaths(db(), List.of(DbFixtures.osv()), CLOCK, DbProgress.NONE);
  }

  static List<String> ids(List<Advisory> advisories) {
    return advisories.stream().map(Advisory::id).toList();
  }

  static Stream<Arguments> queries() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    try (var in = AdvisoryDatabaseTest.class.getResourceAsStream("/vuln/db/queries/expected.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] f = line.split("\t");
          rows.add(Arguments.of(f[0], f[1], f[2], f[3].equals("-") ? List.of() : List.of(f[3].split(","))));
        }
      }
    }
    return rows.stream();
  }

  @Nested
  class Lookups {
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dev.bulwark.vuln.db.AdvisoryDatabaseTest#queries")
    void findTheAdvisoriesOfRealFeeds(String lookup, String ecosystem, String name, List<String> expected) {
      importAll();
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        List<Advisory> found = switch (lookup) {
          case "exact" -> store.advisoriesFor(Ecosystem.of(ecosystem), name);
          case "any" -> store.advisoriesForAnyRelease(ecosystem, name);
          case "naming" -> store.advisoriesNaming(name);
          default -> throw new IllegalArgumentException(lookup);
        };
        assertThat(ids(found)).containsExactlyElementsOf(expected);
        if (!lookup.equals("naming")) {
          for (Advisory advisory : found) {
            assertThat(advisory.affected()).anySatisfy(a -> assertThat(a.pkg()).isPresent());
          }
        }
      }
    }

    @Test
    void affectingPicksTheEntriesOfThePackageLookedUp() {
      importAll();
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        Advisory advisory = store.advisoriesFor(Ecosystem.of("Ubuntu:20.04:LTS"), "wayland").getFirst();
        assertThat(advisory.affecting(Ecosystem.of("Ubuntu:20.04:LTS"), "wayland"))
            .singleElement().satisfies(a -> assertThat(a.fixedVersions(dev.bulwark.vuln.advisory.RangeType.ECOSYSTEM))
                .containsExactly("1.18.0-1ubuntu0.1"));
      }
    }

    @Test
    void advisoryByIdKeepsEverythingTheFeedSaid() throws IOException {
      importAll();
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        Advisory stored = store.advisory("GO-2022-0969").orElseThrow();
        Advisory original = dev.bulwark.vuln.osv.OsvCodec.read(
            Files.readAllBytes(DbFixtures.osv("go").resolve("GO-2022-0969.json")), dev.bulwark.vuln.osv.OsvFormat.JSON,
            "x", stored.source());
        assertThat(stored).isEqualTo(original);
        assertThat(stored.source()).isEqualTo("import:" + DbFixtures.osv());
        assertThat(store.advisory("GO-2024-2730")).as("withdrawn").isEmpty();
        assertThat(store.advisory("NOPE-1")).isEmpty();
      }
    }

    @Test
    void metadataCountsWhatWasStored() {
      AdvisoryImporter.Result result = importAll();
      SourceReport report = result.sources().getFirst();
      assertThat(report.documents()).isEqualTo(34);
      assertThat(report.withdrawn()).isEqualTo(2);
      assertThat(report.rejected()).isZero();
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        StoreMetadata metadata = store.metadata();
        assertThat(metadata.advisoryCount()).isEqualTo(32);
        assertThat(metadata.distinctIds()).isEqualTo(32);
        assertThat(metadata.builtAt()).isEqualTo(CLOCK.instant());
        assertThat(metadata.schemaVersion()).isEqualTo(Schema.VERSION);
        assertThat(metadata.sources()).singleElement().satisfies(s -> {
          assertThat(s.kind()).isEqualTo(SourceInfo.Kind.IMPORT);
          assertThat(s.advisoryCount()).isEqualTo(32);
          assertThat(s.withdrawnCount()).isEqualTo(2);
        });
      }
    }
  }

  @Nested
  class Importing {
    @Test
    void archivesInOsvDevLayoutAreRead(@TempDir Path feeds) throws IOException {
      DbFixtures.writeZip(feeds.resolve("PyPI/all.zip"), DbFixtures.osv("pypa"));
      DbFixtures.writeZip(feeds.resolve("Go/all.zip"), DbFixtures.osv("go"));
      AdvisoryImporter.Result result = AdvisoryImporter.importPaths(db(), List.of(feeds), CLOCK, DbProgress.NONE);
      assertThat(result.sources().getFirst().documents()).isEqualTo(6);
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(ids(store.advisoriesFor(Ecosystem.of("PyPI"), "jinja2"))).containsExactly("PYSEC-2019-217");
        assertThat(ids(store.advisoriesFor(Ecosystem.of("Go"), "stdlib"))).containsExactly("GO-2022-0969");
      }
    }

    @Test
    void importingAnotherPathAddsAndImportingTheSamePathReplaces() {
      AdvisoryImporter.importPaths(db(), List.of(DbFixtures.osv("go")), CLOCK, DbProgress.NONE);
      AdvisoryImporter.importPaths(db(), List.of(DbFixtures.osv("ghsa")), CLOCK, DbProgress.NONE);
      AdvisoryImporter.importPaths(db(), List.of(DbFixtures.osv("go")), CLOCK, DbProgress.NONE);
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(store.metadata().sources()).hasSize(2);
        assertThat(store.metadata().advisoryCount()).isEqualTo(2 + 16);
        assertThat(ids(store.advisoriesFor(Ecosystem.of("npm"), "minimist")))
            .containsExactly("GHSA-vh95-rmgr-6w4m", "GHSA-xvch-5gv4-984h");
      }
    }

    @Test
    void aLaterWithdrawalRemovesTheAdvisoryFromEverySource(@TempDir Path feeds) throws IOException {
      // The same record as it stood before its withdrawal: the real one, without "withdrawn", modified earlier.
      String withdrawn = Files.readString(DbFixtures.osv("go").resolve("GO-2024-2730.json"));
      String before = withdrawn.replace("\"withdrawn\": \"2024-04-17T18:06:23Z\",\n", "")
          .replace("\"modified\": \"0001-01-01T00:00:00Z\"", "\"modified\": \"0001-01-01T00:00:00Z\"");
      assertThat(before).doesNotContain("\"withdrawn\"");
      Files.createDirectories(feeds.resolve("old"));
      Files.writeString(feeds.resolve("old/GO-2024-2730.json"), before);
      AdvisoryImporter.importPaths(db(), List.of(feeds.resolve("old")), CLOCK, DbProgress.NONE);
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(ids(store.advisoriesFor(Ecosystem.of("Go"), "github.com/gorilla/sessions")))
            .containsExactly("GO-2024-2730");
      }
      AdvisoryImporter.importPaths(db(), List.of(DbFixtures.osv("go")), CLOCK, DbProgress.NONE);
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(store.advisoriesFor(Ecosystem.of("Go"), "github.com/gorilla/sessions")).isEmpty();
        assertThat(store.advisory("GO-2024-2730")).isEmpty();
        assertThat(store.advisoriesNaming("CVE-2024-3400")).isEmpty();
      }
      // Re-importing the old copy later does not bring it back: the withdrawal is remembered.
      AdvisoryImporter.importPaths(db(), List.of(feeds.resolve("old")), CLOCK, DbProgress.NONE);
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(store.advisory("GO-2024-2730")).isEmpty();
      }
    }

    @Test
    void newerVersionOfARecordWinsWithinASource(@TempDir Path feeds) throws IOException {
      String current = Files.readString(DbFixtures.osv("osvdev").resolve("DSA-3029-1.json"));
      String older = current.replace("\"modified\": \"2014-09-20T08:18:07Z\"", "\"modified\": \"2014-09-19T08:18:07Z\"")
          .replace("1.2.1-2.2+wheezy3", "1.2.1-2.2+wheezy2");
      Files.createDirectories(feeds.resolve("a"));
      Files.createDirectories(feeds.resolve("b"));
      Files.writeString(feeds.resolve("a/DSA-3029-1.json"), current);
      Files.writeString(feeds.resolve("b/DSA-3029-1.json"), older);
      AdvisoryImporter.Result result = AdvisoryImporter.importPaths(db(), List.of(feeds), CLOCK, DbProgress.NONE);
      assertThat(result.sources().getFirst().merged()).isEqualTo(1);
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(store.advisory("DSA-3029-1").orElseThrow().affected().getFirst().fixedVersions(
            dev.bulwark.vuln.advisory.RangeType.ECOSYSTEM)).containsExactly("1.2.1-2.2+wheezy3");
      }
    }

    @Test
    void aRecordPresentTwiceInOneSourceIsStoredOnce() {
      // AlmaLinux's repository holds ALSA-2024:0265 in both release directories.
      AdvisoryImporter.Result result = AdvisoryImporter.importPaths(db(),
          List.of(DbFixtures.osv().resolveSibling("osv-same-id")), CLOCK, DbProgress.NONE);
      assertThat(result.sources().getFirst().merged()).isEqualTo(1);
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(store.metadata().advisoryCount()).isEqualTo(1);
        assertThat(ids(store.advisoriesFor(Ecosystem.of("AlmaLinux:8"), "java-1.8.0-openjdk")))
            .containsExactly("ALSA-2024:0265");
        assertThat(ids(store.advisoriesFor(Ecosystem.of("AlmaLinux:9"), "java-1.8.0-openjdk")))
            .containsExactly("ALSA-2024:0265");
      }
    }

    @Test
    void documentsSharingAnIdButCoveringDifferentReleasesAreMergedNotDropped() throws IOException {
      Advisory both = dev.bulwark.vuln.osv.OsvCodec.read(Files.readAllBytes(DbFixtures.osv().resolveSibling(
          "osv-same-id/almalinux8/ALSA-2024:0265.json")), dev.bulwark.vuln.osv.OsvFormat.JSON, "x", "s");
      Advisory only8 = only(both, "AlmaLinux:8");
      Advisory only9 = only(both, "AlmaLinux:9");
      Advisory merged = AdvisoryMerge.merge(only8, only9);
      assertThat(merged.affected()).containsExactlyInAnyOrderElementsOf(both.affected());
      assertThat(AdvisoryMerge.merge(only8, only8)).isEqualTo(only8);
    }

    private static Advisory only(Advisory a, String ecosystem) {
      return new Advisory(a.id(), a.schemaVersion(), a.modified(), a.published(), a.withdrawn(), a.aliases(),
          a.upstream(), a.related(), a.summary(), a.details(), a.severities(),
          a.affected().stream().filter(e -> e.pkg().orElseThrow().ecosystem().name().equals(ecosystem)).toList(),
          a.references(), a.databaseSpecific(), a.source());
    }

    @Test
    void invalidDocumentsAreReportedAndTheRestImported(@TempDir Path feeds) throws IOException {
      Files.copy(DbFixtures.osv("osvdev").resolve("DSA-3029-1.json"), feeds.resolve("DSA-3029-1.json"));
      Files.writeString(feeds.resolve("broken.json"), "{\"id\": \"X-1\"}");
      AdvisoryImporter.Result result = AdvisoryImporter.importPaths(db(), List.of(feeds), CLOCK, DbProgress.NONE);
      SourceReport report = result.sources().getFirst();
      assertThat(report.stored()).isEqualTo(1);
      assertThat(report.rejected()).isEqualTo(1);
      assertThat(report.rejections()).singleElement().asString().contains("broken.json").contains("modified");
    }

    @Test
    void aPathWithoutAdvisoriesIsAnError(@TempDir Path feeds) throws IOException {
      Files.writeString(feeds.resolve("package.json"), "{\"name\": \"not-an-advisory\"}");
      assertThatThrownBy(() -> AdvisoryImporter.importPaths(db(), List.of(feeds), CLOCK, DbProgress.NONE))
          .isInstanceOf(InputException.class).hasMessageContaining("none of its 1 documents");
      assertThatThrownBy(() -> AdvisoryImporter.importPaths(db(), List.of(temp.resolve("missing")), CLOCK, DbProgress.NONE))
          .isInstanceOf(InputException.class).hasMessageContaining("no such file");
      assertThat(db()).doesNotExist();
    }

    @Test
    void aFailedImportLeavesThePreviousDatabaseAsItWas(@TempDir Path feeds) throws Exception {
      importAll();
      String before = DbFixtures.sha256(db());
      Files.write(feeds.resolve("all.zip"), "PK\u0003\u0004 not really a zip".getBytes(StandardCharsets.ISO_8859_1));
      assertThatThrownBy(() -> AdvisoryImporter.importPaths(db(), List.of(DbFixtures.osv("go"), feeds.resolve("all.zip")),
          CLOCK, DbProgress.NONE)).isInstanceOf(InputException.class).hasMessageContaining("all.zip");
      assertThat(DbFixtures.sha256(db())).isEqualTo(before);
      try (Stream<Path> files = Files.list(db().getParent())) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("advisories.db",
            "advisories.db.lock");
      }
    }

    @Test
    void aDamagedArchiveEntryIsAnError(@TempDir Path feeds) throws IOException {
      byte[] zip = DbFixtures.zipOf(DbFixtures.osv("go"));
      // Flip a byte inside the first entry's compressed data.
      zip[60] ^= 0x55;
      Files.write(feeds.resolve("all.zip"), zip);
      assertThatThrownBy(() -> AdvisoryImporter.importPaths(db(), List.of(feeds.resolve("all.zip")), CLOCK,
          DbProgress.NONE)).isInstanceOf(InputException.class).hasMessageContaining("all.zip");
    }

    @Test
    void openReadersKeepWorkingWhileTheDatabaseIsReplaced() {
      AdvisoryImporter.importPaths(db(), List.of(DbFixtures.osv("go")), CLOCK, DbProgress.NONE);
      try (AdvisoryStore reader = SqliteAdvisoryStore.open(db())) {
        assertThat(reader.advisoriesFor(Ecosystem.of("Go"), "stdlib")).hasSize(1);
        AdvisoryImporter.importPaths(db(), List.of(DbFixtures.osv("ghsa")), CLOCK, DbProgress.NONE);
        assertThat(reader.advisoriesFor(Ecosystem.of("Go"), "stdlib")).hasSize(1);
        assertThat(reader.metadata().sources()).hasSize(1);
      }
      try (AdvisoryStore reader = SqliteAdvisoryStore.open(db())) {
        assertThat(reader.metadata().sources()).hasSize(2);
      }
    }
  }

  @Nested
  class UnusableDatabases {
    @Test
    void aMissingDatabaseTellsTheUserHowToBuildOne() {
      assertThatThrownBy(() -> SqliteAdvisoryStore.open(db())).isInstanceOf(InputException.class)
          .hasMessageContaining("no advisory database at").hasMessageContaining("bulwark db update");
    }

    @Test
    void aFileThatIsNotADatabaseIsRefused() throws IOException {
      Files.createDirectories(db().getParent());
      Files.writeString(db(), "this is not SQLite, just text long enough to look like something ".repeat(100));
      assertThatThrownBy(() -> SqliteAdvisoryStore.open(db())).isInstanceOf(InputException.class)
          .hasMessageContaining("bulwark db update");
    }

    @Test
    void anotherSqliteDatabaseIsRefused() throws Exception {
      Files.createDirectories(db().getParent());
      try (Connection c = SqliteAdvisoryStore.connect(db(), false); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t(x)");
      }
      assertThatThrownBy(() -> SqliteAdvisoryStore.open(db())).isInstanceOf(InputException.class)
          .hasMessageContaining("not a Bulwark advisory database");
    }

    @Test
    void anotherSchemaVersionIsRefused() throws Exception {
      importAll();
      try (Connection c = SqliteAdvisoryStore.connect(db(), false); Statement s = c.createStatement()) {
        s.execute("PRAGMA user_version=" + (Schema.VERSION + 1));
      }
      assertThatThrownBy(() -> SqliteAdvisoryStore.open(db())).isInstanceOf(InputException.class)
          .hasMessageContaining("schema version " + (Schema.VERSION + 1)).hasMessageContaining("bulwark db update");
    }

    @Test
    void aDamagedStoredDocumentIsAnErrorNotAnEmptyAnswer() throws Exception {
      importAll();
      try (Connection c = SqliteAdvisoryStore.connect(db(), false); Statement s = c.createStatement()) {
        s.execute("UPDATE advisory SET doc = x'00010203' WHERE id = 'DSA-3029-1'");
      }
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThatThrownBy(() -> store.advisoriesFor(Ecosystem.of("Debian:7"), "nginx"))
            .isInstanceOf(InputException.class).hasMessageContaining("damaged");
      }
    }

    @Test
    void anUnreadableDatabaseIsReplacedByTheNextImportWithANote() throws IOException {
      Files.createDirectories(db().getParent());
      Files.writeString(db(), "garbage ".repeat(1000));
      AdvisoryImporter.Result result =
          AdvisoryImporter.importPaths(db(), List.of(DbFixtures.osv("go")), CLOCK, DbProgress.NONE);
      assertThat(result.notes()).singleElement().asString().contains("could not be read");
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(store.metadata().advisoryCount()).isEqualTo(2);
      }
    }
  }
}
