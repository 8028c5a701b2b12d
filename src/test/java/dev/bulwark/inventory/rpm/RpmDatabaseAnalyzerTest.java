package dev.bulwark.inventory.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.inventory.SourcePackage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RpmDatabaseAnalyzerTest {
  private final RpmDatabaseAnalyzer analyzer = new RpmDatabaseAnalyzer();

  private static List<PackageRecord> packages(String fixture, String file, String imagePath) throws Exception {
    List<Fact> facts = RpmFixtures.analyze(imagePath, RpmFixtures.bytes(fixture + "/" + file));
    assertThat(facts).noneMatch(f -> f instanceof Fact.Warning);
    return AnalyzerHarness.packages(facts);
  }

  @Nested
  class RealDatabases {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
      "cbl-mariner-2.0, rpmdb.sqlite, /var/lib/rpm/rpmdb.sqlite, 129",
      "sle15-bci, Packages.db, /usr/lib/sysimage/rpm/Packages.db, 35",
      "libuuid, Packages, /var/lib/rpm/Packages, 1",
      "packages-epoch, Packages, /var/lib/rpm/Packages, 1",
      "rpm418-generated, rpmdb.sqlite, /usr/lib/sysimage/rpm/rpmdb.sqlite, 2",
    })
    void listsExactlyThePackagesRpmLists(String fixture, String file, String imagePath, int count) throws Exception {
      List<PackageRecord> packages = packages(fixture, file, imagePath);

      assertThat(packages).hasSize(count).allMatch(p -> p.type() == PackageType.RPM);
      assertThat(RpmFixtures.lines(packages))
          .containsExactlyElementsOf(RpmFixtures.expectedLines(fixture + "/expected.tsv"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
      "cbl-mariner-2.0, rpmdb.sqlite",
      "libuuid, Packages",
      "packages-epoch, Packages",
      "rpm418-generated, rpmdb.sqlite",
    })
    void listsTheFilesRpmListsForEachPackage(String fixture, String file) throws Exception {
      List<PackageRecord> packages = packages(fixture, file, "/var/lib/rpm/" + file);

      Map<String, List<String>> expected = RpmFixtures.expectedFiles(fixture + "/expected-files.tsv");
      assertThat(expected).isNotEmpty();
      assertThat(RpmFixtures.files(packages)).isEqualTo(expected);
    }

    @Test
    void ndbDatabaseFilesAreAbsolutePathsOfTheirPackage() throws Exception {
      PackageRecord bash = packages("sle15-bci", "Packages.db", "/usr/lib/sysimage/rpm/Packages.db").stream()
          .filter(p -> p.name().equals("bash")).findFirst().orElseThrow();

      assertThat(bash.installedFiles()).contains("/usr/bin/bash").allMatch(f -> f.startsWith("/"));
    }
  }

  @Nested
  class Fields {
    private PackageRecord generated(String name) throws Exception {
      return packages("rpm418-generated", "rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite").stream()
          .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void versionCarriesTheEpochAndSourceTheSourceRpm() throws Exception {
      PackageRecord demo = generated("bulwark-demo");

      assertThat(demo.version()).isEqualTo("2:1.0.4-3.bw1");
      assertThat(demo.properties()).containsEntry("rpm.epoch", "2");
      assertThat(demo.arch()).isEqualTo("x86_64");
      assertThat(demo.source()).contains(new SourcePackage("bulwark-demo", "1.0.4-3.bw1"));
      assertThat(demo.licenses()).containsExactly("MIT and BSD");
      assertThat(demo.vendor()).contains("Bulwark Test Vendor");
      assertThat(demo.modularityLabel()).contains("bulwark:1.0:20240101:c0ffee42");
      assertThat(demo.installedFiles())
          .containsExactly("/etc/bulwark", "/etc/bulwark/demo.conf", "/usr/bin/bulwark-demo");
    }

    @Test
    void anEpochTagOfZeroIsWrittenOut() throws Exception {
      PackageRecord zero = generated("bulwark-zero");

      assertThat(zero.version()).isEqualTo("0:0.9-1");
      assertThat(zero.vendor()).isEmpty();
      assertThat(zero.modularityLabel()).isEmpty();
    }

    @Test
    void packagesWithoutAnEpochTagHaveNoEpoch() throws Exception {
      PackageRecord libuuid = packages("libuuid", "Packages", "/var/lib/rpm/Packages").getFirst();

      assertThat(libuuid.version()).isEqualTo("2.32.1-42.el8_8");
      assertThat(libuuid.properties()).doesNotContainKey("rpm.epoch");
      assertThat(libuuid.source()).contains(new SourcePackage("util-linux", "2.32.1-42.el8_8"));
    }

    @Test
    void importedSigningKeysAreNotPackages() throws Exception {
      List<PackageRecord> packages = packages("rpm418-generated", "rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite");

      assertThat(packages).extracting(PackageRecord::name).containsExactlyInAnyOrder("bulwark-demo", "bulwark-zero");
    }
  }

  @Nested
  class SourceRpmNames {
    @ParameterizedTest
    @CsvSource({
      "util-linux-2.32.1-42.el8_8.src.rpm, util-linux, 2.32.1-42.el8_8",
      "bash-5.1.8-1.cm2.src.rpm, bash, 5.1.8-1.cm2",
      "kernel-rt-4.18.0-80.el8.nosrc.rpm, kernel-rt, 4.18.0-80.el8",
      "a-1-2.src.rpm, a, 1-2",
    })
    void splitsNameFromVersionAndRelease(String sourceRpm, String name, String version) {
      assertThat(RpmPackages.parseSourceRpm(sourceRpm)).contains(new SourcePackage(name, version));
    }

    @ParameterizedTest
    @ValueSource(strings = {"(none)", "bash.src.rpm", "bash-5.1.8.src.rpm", "-1-2.src.rpm", "bash-1-.src.rpm",
        "bash-1-2.rpm", "bash--2.src.rpm"})
    void leavesOtherShapesAlone(String sourceRpm) {
      assertThat(RpmPackages.parseSourceRpm(sourceRpm)).isEqualTo(Optional.empty());
    }
  }

  @Nested
  class Required {
    @ParameterizedTest
    @ValueSource(strings = {"/var/lib/rpm/Packages", "/var/lib/rpm/Packages.db", "/var/lib/rpm/rpmdb.sqlite",
        "/usr/lib/sysimage/rpm/Packages", "/usr/lib/sysimage/rpm/Packages.db", "/usr/lib/sysimage/rpm/rpmdb.sqlite"})
    void wantsTheDatabaseOfEachBackendInBothLocations(String path) {
      assertThat(AnalyzerHarness.requires(analyzer, path, 0644)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/lib/rpm/Name", "/var/lib/rpm/rpmdb.sqlite-wal", "/var/lib/rpm/__db.001",
        "/var/lib/rpm/Packages.bak", "/root/var/lib/rpm/Packages", "/var/lib/dpkg/status", "/Packages",
        "/usr/lib/sysimage/rpm/Index.db"})
    void ignoresEverythingElse(String path) {
      assertThat(AnalyzerHarness.requires(analyzer, path, 0644)).isFalse();
    }
  }

  @Nested
  class EmptyDatabases {
    @Test
    void anEmptyFileRecordsNoPackagesWithAWarning() throws Exception {
      List<Fact> facts = RpmFixtures.analyze("/var/lib/rpm/rpmdb.sqlite", new byte[0]);

      assertThat(facts).singleElement().isInstanceOf(Fact.Warning.class);
    }

    @Test
    void anSqliteDatabaseWithoutPackagesTableRecordsNoPackagesWithAWarning() throws Exception {
      byte[] db = RpmFixtures.bytes("no-packages/rpmdb.sqlite");
      List<Fact> facts = RpmFixtures.analyze("/var/lib/rpm/rpmdb.sqlite", db);

      assertThat(facts).singleElement().isInstanceOf(Fact.Warning.class)
          .extracting(f -> ((Fact.Warning) f).message()).asString().contains("without a Packages table");
    }
  }
}
