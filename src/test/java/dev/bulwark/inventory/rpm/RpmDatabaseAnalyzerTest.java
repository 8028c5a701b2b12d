package dev.bulwark.inventory.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpmDatabaseAnalyzerTest {
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
      List<Fact> facts = RpmFixtures.analyze(imagePath, RpmFixtures.bytes(fixture + "/" + file));
      List<PackageRecord> packages = AnalyzerHarness.packages(facts);

      assertThat(facts).noneMatch(f -> f instanceof Fact.Warning);
      assertThat(packages).hasSize(count);
      assertThat(RpmFixtures.lines(packages)).containsExactlyElementsOf(RpmFixtures.expectedLines(fixture + "/expected.tsv"));
    }
  }
}
