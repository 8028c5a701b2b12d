package dev.bulwark.vuln.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.ImageSummary;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.inventory.distro.Distro;
import dev.bulwark.vuln.db.SqliteAdvisoryStore;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.match.MatchFixtures;
import dev.bulwark.vuln.suppress.SuppressionSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan service over real Debian records: what --ignore-unfixed hides, suppressions, database age. */
class ScanServiceTest {
  @TempDir static Path temp;
  static SqliteAdvisoryStore store;
  /** When the test database was built (MatchFixtures imports with a fixed clock). */
  static final Instant BUILT = Instant.parse("2026-09-01T00:00:00Z");

  static final Optional<Distro> BUSTER =
      Optional.of(new Distro("debian", "10", "Debian GNU/Linux", "Debian GNU/Linux 10 (buster)", Optional.of("buster"),
          Optional.empty()));

  @BeforeAll
  static void importDebian() {
    store = MatchFixtures.store(temp.resolve("debian.db"), MatchFixtures.resource("debian/osv"));
  }

  @AfterAll
  static void close() {
    store.close();
  }

  /** Debian 10 with chromium (unfixed there: end of life), and two packages whose advisories concern other releases. */
  static Inventory image() {
    Package chromium = deb("chromium", "90.0.4430.212-1~deb10u1", "chromium");
    Package dhcp = deb("isc-dhcp-client", "4.4.1-2", "isc-dhcp");
    Package sope = deb("libsope1", "4.9.r1664-1", "sope");
    return new Inventory(new ImageSummary("test", Optional.empty(), Optional.empty(), "linux", "amd64", List.of(),
        List.of(), List.of()), BUSTER, List.of(chromium, dhcp, sope), List.of("a warning from the inventory"));
  }

  static Package deb(String name, String version, String source) {
    PackageRecord record = PackageRecord.builder(PackageType.DEB, name, version).source(source, version).build();
    return new Package(record, "pkg:deb/debian/" + name + "@" + version, 0, Optional.empty(),
        List.of("/var/lib/dpkg/status"), Optional.empty(), "dpkg-status");
  }

  static ScanReport scan(boolean ignoreUnfixed, List<SuppressionSource> suppressions, Instant now) {
    return new ScanService(store).scan(image(), new ScanOptions(ignoreUnfixed, suppressions, Duration.ofDays(7), now));
  }

  @Nested
  class Unfixed {
    @Test
    void unfixedFindingsAreReportedAsSuch() {
      ScanReport report = scan(false, List.of(), BUILT);
      assertThat(report.findings()).extracting(Finding::id, Finding::unfixed)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("DEBIAN-CVE-2022-0456", true));
      assertThat(report.unfixedHidden()).isFalse();
    }

    @Test
    void ignoreUnfixedHidesThem() {
      ScanReport report = scan(true, List.of(), BUILT);
      assertThat(report.findings()).isEmpty();
      assertThat(report.unfixedHidden()).isTrue();
      assertThat(report.suppressed()).isEmpty();
    }
  }

  @Nested
  class Suppression {
    @Test
    void aSuppressedFindingIsRecordedWithItsReasonNotReported() {
      SuppressionSource ignoreChromium = new SuppressionSource() {
        @Override
        public Optional<Suppressed> suppress(Finding finding, Instant now) {
          return finding.pkg().name().equals("chromium")
              ? Optional.of(new Suppressed(finding, "ignore-file", "ignored", "not exposed", "ignore.yaml"))
              : Optional.empty();
        }

        @Override
        public List<String> warnings(Instant now, List<Finding> findings) {
          return List.of("ignore.yaml: 1 entry");
        }
      };
      ScanReport report = scan(false, List.of(ignoreChromium), BUILT);
      assertThat(report.findings()).isEmpty();
      assertThat(report.suppressed()).singleElement().satisfies(s -> {
        assertThat(s.finding().id()).isEqualTo("DEBIAN-CVE-2022-0456");
        assertThat(s.reason()).isEqualTo("not exposed");
      });
      assertThat(report.warnings()).contains("ignore.yaml: 1 entry");
    }
  }

  @Nested
  class DatabaseAge {
    @Test
    void aFreshDatabaseGivesNoWarning() {
      ScanReport report = scan(false, List.of(), BUILT.plus(Duration.ofDays(1)));
      assertThat(report.database().staleWarning()).isEmpty();
      assertThat(report.warnings()).containsExactly("a warning from the inventory");
      assertThat(report.database().advisories()).isGreaterThan(10);
      assertThat(report.database().built()).isEqualTo(BUILT);
    }

    @Test
    void anOldDatabaseGivesAWarningInTheReport() {
      ScanReport report = scan(false, List.of(), BUILT.plus(Duration.ofDays(30)));
      assertThat(report.database().staleWarning()).isPresent();
      assertThat(report.warnings()).hasSize(2).contains(report.database().staleWarning().orElseThrow());
    }
  }
}
