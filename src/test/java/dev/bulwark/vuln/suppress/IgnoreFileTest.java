package dev.bulwark.vuln.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.vuln.match.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreFileTest {
  private static final Path FILE = Path.of("src/test/resources/vuln/suppress/ignore.yaml");
  private static final Instant MARCH = Instant.parse("2026-03-15T08:00:00Z");

  @Nested
  class Reading {
    @Test
    void readsEveryEntryWithItsFields() {
      List<IgnoreEntry> entries = IgnoreFileSource.load(FILE).entries();
      assertThat(entries).hasSize(4);
      assertThat(entries.get(0)).isEqualTo(new IgnoreEntry(1, "CVE-2022-1471",
          java.util.Optional.of("pkg:maven/org.yaml/snakeyaml"), "only loads application.yaml shipped in the image (SEC-1432)",
          java.util.Optional.of(LocalDate.of(2026, 6, 30))));
      assertThat(entries.get(3).packageSpec()).isEmpty();
      assertThat(entries.get(3).expires()).isEmpty();
    }

    @Test
    void anEmptyFileIgnoresNothing(@TempDir Path dir) throws IOException {
      Path empty = Files.writeString(dir.resolve("empty.yaml"), "# nothing yet\n");
      assertThat(IgnoreFileSource.load(empty).entries()).isEmpty();
    }

    @Test
    void refusesUnknownKeysMissingFieldsAndBadDates(@TempDir Path dir) throws IOException {
      assertProblem(dir, "- id: CVE-1\n  reason: r\n  expiry: 2026-01-01\n", "entry 1: unknown key 'expiry'");
      assertProblem(dir, "- id: CVE-1\n  reason: r\n- id: CVE-2\n  packages: x\n  reason: r\n", "entry 2: unknown key 'packages'");
      assertProblem(dir, "- id: CVE-1\n", "entry 1 (CVE-1): reason is required");
      assertProblem(dir, "- reason: because\n", "entry 1: id is required");
      assertProblem(dir, "- id: CVE-1\n  reason: r\n  expires: 31/12/2026\n", "expires '31/12/2026' is not a date");
      assertProblem(dir, "- id: CVE-1\n  reason: r\n  package: pkg:/x\n", "not a valid Package URL");
      assertProblem(dir, "ignore:\n  - id: CVE-1\n", "expected a list of entries");
      assertProblem(dir, "- id: [CVE-1, CVE-2]\n  reason: r\n", "id must be a single value");
      assertProblem(dir, "- id: CVE-1\n  id: CVE-2\n  reason: r\n", "not valid YAML");
    }

    @Test
    void aMissingFileIsAnInputError(@TempDir Path dir) {
      assertThatThrownBy(() -> IgnoreFileSource.load(dir.resolve("none.yaml"))).isInstanceOf(InputException.class)
          .hasMessageContaining("none.yaml").hasMessageContaining("no such file");
    }

    private void assertProblem(Path dir, String yaml, String message) throws IOException {
      Path file = Files.writeString(dir.resolve("ignore.yaml"), yaml);
      assertThatThrownBy(() -> IgnoreFileSource.load(file)).isInstanceOf(InputException.class)
          .hasMessageContaining(file.toString()).hasMessageContaining(message);
    }
  }

  @Nested
  class Matching {
    private final IgnoreFileSource source = IgnoreFileSource.load(FILE);

    @Test
    void aPurlEntryMatchesByAliasAndPackage() {
      assertThat(source.suppress(ScanFixtures.snakeyamlFinding(), MARCH)).hasValueSatisfying(s -> {
        assertThat(s.by()).isEqualTo("ignore-file");
        assertThat(s.status()).isEqualTo("ignored");
        assertThat(s.reason()).isEqualTo("only loads application.yaml shipped in the image (SEC-1432) (until 2026-06-30)");
        assertThat(s.source()).isEqualTo(FILE.toString());
      });
    }

    @Test
    void aNameEntryMatchesThePackageName() {
      assertThat(source.suppress(ScanFixtures.lodashFinding(), MARCH)).isPresent();
      Finding otherPackage = new Finding(ScanFixtures.minimist(), "GHSA-35jh-r3h4-6jhm", List.of(),
          ScanFixtures.lodashFinding().severity(), List.of(), false, "", List.of(), "npm");
      assertThat(source.suppress(otherPackage, MARCH)).isEmpty();
    }

    @Test
    void anEntryHoldsThroughItsExpiryDayInUtcAndThenWarns() {
      Finding zlib = ScanFixtures.zlibFinding(); // entry 3 names it by its source package, zlib, until 2026-01-31
      assertThat(source.suppress(zlib, Instant.parse("2026-01-31T23:59:59Z"))).isPresent();
      assertThat(source.suppress(zlib, Instant.parse("2026-02-01T00:00:00Z"))).isEmpty();
      assertThat(source.warnings(Instant.parse("2026-02-01T00:00:00Z"), List.of(zlib)))
          .contains("ignore file " + FILE + ": entry 3 (CVE-2023-45853, package zlib) expired on 2026-01-31 and no longer suppresses");
    }

    @Test
    void warnsAboutEntriesThatMatchedNoFinding() {
      List<Finding> findings = List.of(ScanFixtures.snakeyamlFinding(), ScanFixtures.lodashFinding());
      assertThat(source.warnings(MARCH, findings)).containsExactly(
          "ignore file " + FILE + ": entry 3 (CVE-2023-45853, package zlib) expired on 2026-01-31 and no longer suppresses",
          "ignore file " + FILE + ": entry 4 (CVE-2024-99999) matched no finding");
    }
  }
}
