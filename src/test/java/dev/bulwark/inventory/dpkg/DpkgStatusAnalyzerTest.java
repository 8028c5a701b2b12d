package dev.bulwark.inventory.dpkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.LimitExceededException;
import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DpkgStatusAnalyzerTest {
  private static final DpkgStatusAnalyzer ANALYZER = new DpkgStatusAnalyzer();

  static List<Fact> analyzeCase(String name) throws IOException {
    Path dir = DpkgFixtures.root().resolve(name);
    if (Files.isDirectory(dir.resolve("status.d"))) {
      Path file = dir.resolve("status.d/foo");
      return AnalyzerHarness.analyze(ANALYZER, "/var/lib/dpkg/status.d/foo", file);
    }
    return AnalyzerHarness.analyze(ANALYZER, "/var/lib/dpkg/status", dir.resolve("status"));
  }

  static List<Fact> analyze(String content) throws IOException {
    return AnalyzerHarness.analyze(ANALYZER, "/var/lib/dpkg/status", content.getBytes(StandardCharsets.UTF_8));
  }

  static List<String> warnings(List<Fact> facts) {
    return facts.stream().filter(f -> f instanceof Fact.Warning).map(f -> ((Fact.Warning) f).message()).toList();
  }

  @Nested
  class Required {
    @ParameterizedTest
    @ValueSource(strings = {"/var/lib/dpkg/status", "/var/lib/dpkg/status.d/base", "/var/lib/dpkg/status.d/libssl3"})
    void readsTheStatusFileAndDistrolessStatusD(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/lib/dpkg/status.d/libssl3.md5sums", "/var/lib/dpkg/status.d",
        "/var/lib/dpkg/status.d/", "/var/lib/dpkg/status-old", "/var/lib/dpkg/status.d/sub/file",
        "/usr/var/lib/dpkg/status", "/var/lib/dpkg/available", "/var/lib/dpkg/info/libc6:amd64.list"})
    void skipsEverythingElse(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isFalse();
    }
  }

  @Nested
  class Fixtures {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.inventory.dpkg.DpkgFixtures#statusCases")
    void reportsWhatDpkgQueryListsLessConfigFiles(String name) throws IOException {
      List<PackageRecord> packages = AnalyzerHarness.packages(analyzeCase(name));
      List<String> expected = DpkgFixtures.lines(DpkgFixtures.root().resolve(name).resolve("expected.tsv"));
      assertThat(packages.stream().map(DpkgFixtures::row).toList()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(packages).allSatisfy(p -> assertThat(p.type()).isEqualTo(PackageType.DEB));
    }

    @Test
    void readsTheLargeTexliveDatabaseWithoutWarnings() throws IOException {
      List<Fact> facts = analyzeCase("claircore-texlive");
      assertThat(AnalyzerHarness.packages(facts)).hasSize(357);
      assertThat(warnings(facts)).isEmpty();
    }

    @Test
    void keepsEpochsAndSourceVersions() throws IOException {
      Map<String, PackageRecord> byName = byName(analyzeCase("trivy-corrupsed"));
      assertThat(byName.get("libgcc1").version()).isEqualTo("1:5.1.1-12ubuntu1");
      assertThat(byName.get("libgcc1").source().orElseThrow().name()).isEqualTo("gcc-5");
      assertThat(byName.get("libgcc1").source().orElseThrow().version()).isEqualTo("5.1.1-12ubuntu1");
      assertThat(byName.get("libpam-runtime").source().orElseThrow().version()).isEqualTo("1.1.8-3.1ubuntu3");
    }
  }

  @Nested
  class InstalledRule {
    @Test
    void everyStateDpkgQueryListsCountsButConfigFiles() throws IOException {
      Map<String, PackageRecord> byName = byName(analyzeCase("states"));
      assertThat(byName).containsOnlyKeys("broken-postinst", "held-pkg", "hello-bin", "hello-doc", "interrupted",
          "libfixture1", "trigger-poker", "trigger-watcher", "unpacked-only");
      assertThat(byName).doesNotContainKey("conf-left");
    }

    @Test
    void packagesNotFullyInstalledCarryTheirStatus() throws IOException {
      Map<String, String> status = AnalyzerHarness.packages(analyzeCase("states")).stream()
          .filter(p -> p.properties().containsKey(DpkgStatusAnalyzer.STATUS_PROPERTY))
          .collect(Collectors.toMap(PackageRecord::name, p -> p.properties().get(DpkgStatusAnalyzer.STATUS_PROPERTY)));
      assertThat(status).containsExactlyInAnyOrderEntriesOf(Map.of(
          "broken-postinst", "install ok half-configured",
          "interrupted", "install reinstreq half-installed",
          "trigger-poker", "install ok triggers-awaited",
          "trigger-watcher", "install ok triggers-pending",
          "unpacked-only", "install ok unpacked"));
    }

    @Test
    void theWantWordDoesNotMatterOnlyTheState() throws IOException {
      assertThat(byName(analyzeCase("scalibr-statusfield"))).containsOnlyKeys("wantinstall_installed",
          "wantdeinstall_installed", "wantinstall_unpacked", "wantpurge_installed", "wantinstall_halfinstalled");
    }

    @Test
    void aStanzaWithoutStatusIsNotInstalledInTheStatusFile() throws IOException {
      List<Fact> facts = analyze("Package: a\nVersion: 1\n\nPackage: b\nStatus: install ok installed\nVersion: 1\n");
      assertThat(byName(facts)).containsOnlyKeys("b");
      assertThat(warnings(facts)).isEmpty();
    }

    @Test
    void aStanzaWithoutStatusIsInstalledInStatusD() throws IOException {
      List<Fact> facts = analyzeCase("scalibr-status-d");
      assertThat(byName(facts)).containsOnlyKeys("foo");
    }

    @Test
    void notInstalledIsNotReported() throws IOException {
      assertThat(byName(analyze("Package: a\nStatus: purge ok not-installed\nVersion: 1\n"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"install ok", "install ok installed extra", "install ok bogus", "wish ok installed",
        "install fine installed"})
    void anInvalidStatusIsAWarning(String status) throws IOException {
      List<Fact> facts = analyze("Package: a\nStatus: " + status + "\nVersion: 1\n");
      assertThat(AnalyzerHarness.packages(facts)).isEmpty();
      assertThat(warnings(facts)).singleElement().asString().contains("(a)").contains("Status");
    }
  }

  @Nested
  class AsDpkgPrintsIt {
    @Test
    void fieldNamesAreCaseInsensitiveAndValuesTrimmedAndNamesLowerCase() throws IOException {
      List<Fact> facts = analyze("package:   Lower  \nSTATUS: install ok installed\r\nVersion:1.0\r\n"
          + "Architecture: all\nSource:   srcx   \nDescription: a\n continued\n .\n more\n");
      assertThat(AnalyzerHarness.packages(facts)).map(DpkgFixtures::row).containsExactly("lower\t1.0\tall\tsrcx\t1.0");
    }

    @Test
    void zeroEpochsAreDroppedAndEpochsPrintedAsNumbers() throws IOException {
      List<Fact> facts = analyze("Package: v\nStatus: install ok installed\nVersion: 0:1.0\nArchitecture: amd64\n"
          + "Source: s (01:1.0)\n");
      assertThat(AnalyzerHarness.packages(facts)).map(DpkgFixtures::row).containsExactly("v\t1.0\tamd64\ts\t1:1.0");
    }

    @Test
    void sourceNameEndsAtTheFirstSpaceAndVersionAtTheParenthesis() throws IOException {
      List<Fact> facts = analyze("Package: a\nStatus: install ok installed\nVersion: 1.0\nSource: s(2.0)\n\n"
          + "Package: b\nStatus: install ok installed\nVersion: 1.0\nSource: s (2.0\n");
      assertThat(AnalyzerHarness.packages(facts)).map(DpkgFixtures::row)
          .containsExactly("a\t1.0\t\ts(2.0)\t2.0", "b\t1.0\t\ts\t2.0");
    }

    @Test
    void theLaterOfTwoStanzasForOnePackageWins() throws IOException {
      List<Fact> facts = analyze("Package: d\nStatus: install ok installed\nVersion: 1\nArchitecture: amd64\n\n"
          + "Package: d\nStatus: install ok installed\nVersion: 2\nArchitecture: amd64\n\n"
          + "Package: d\nStatus: install ok installed\nVersion: 2\nArchitecture: i386\n");
      assertThat(AnalyzerHarness.packages(facts)).map(DpkgFixtures::row)
          .containsExactly("d\t2\tamd64\td\t2", "d\t2\ti386\td\t2");
      assertThat(warnings(facts)).singleElement().asString().contains("d:amd64");
    }

    @Test
    void linesOfOnlyWhitespaceSeparateStanzas() throws IOException {
      List<Fact> facts = analyze("Package: a\nStatus: install ok installed\nVersion: 1\n \t\n"
          + "Package: b\nStatus: install ok installed\nVersion: 1\n\n\n\n");
      assertThat(byName(facts)).containsOnlyKeys("a", "b");
    }
  }

  @Nested
  class Malformed {
    @Test
    void aStanzaWithoutVersionIsSkippedWithAWarning() throws IOException {
      List<Fact> facts = analyzeCase("scalibr-noversion");
      assertThat(byName(facts)).containsOnlyKeys("foo", "bar");
      assertThat(warnings(facts)).singleElement().asString().contains("(acl)").contains("Version");
    }

    @Test
    void aStanzaWithoutPackageIsSkippedWithAWarning() throws IOException {
      List<Fact> facts = analyzeCase("scalibr-nopackage");
      assertThat(byName(facts)).containsOnlyKeys("foo", "bar");
      assertThat(warnings(facts)).singleElement().asString().contains("line 5").contains("no Package");
    }

    @Test
    void textThatIsNoDatabaseGivesWarningsOnly() throws IOException {
      List<Fact> facts = analyzeCase("scalibr-invalid");
      assertThat(AnalyzerHarness.packages(facts)).isEmpty();
      assertThat(warnings(facts)).containsExactly("stanza at line 1: line 1: not a field; no Package field",
          "stanza at line 3: line 3: not a field; no Package field");
    }

    @Test
    void anInvalidVersionIsSkippedWithDpkgsReason() throws IOException {
      List<Fact> facts = analyze("Package: w\nStatus: install ok installed\nVersion: 1.0 x\n\n"
          + "Package: x\nStatus: install ok installed\nVersion: 1.0-\n");
      assertThat(AnalyzerHarness.packages(facts)).isEmpty();
      assertThat(warnings(facts)).containsExactly(
          "stanza at line 1 (w): 'Version' field: version string has embedded spaces",
          "stanza at line 5 (x): 'Version' field: revision number is empty");
    }

    @Test
    void warningsPastTheBoundAreCounted() throws IOException {
      String stanzas = "Package: p\nStatus: install ok installed\n\n".repeat(DpkgStatusAnalyzer.MAX_WARNINGS + 5);
      List<String> warnings = warnings(analyze(stanzas));
      assertThat(warnings).hasSize(DpkgStatusAnalyzer.MAX_WARNINGS + 1);
      assertThat(warnings.getLast()).isEqualTo("5 further problems not shown");
    }

    @Test
    void anOverlongKeptFieldSkipsItsStanzaButOtherLongLinesAreIgnored() throws IOException {
      String longValue = "x".repeat(DpkgStatusAnalyzer.MAX_LINE_BYTES + 10);
      List<Fact> facts = analyze("Package: a\nStatus: install ok installed\nVersion: 1\nDescription: " + longValue
          + "\n\nPackage: b\nStatus: install ok installed\nVersion: " + longValue + "\n");
      assertThat(byName(facts)).containsOnlyKeys("a");
      assertThat(warnings(facts)).singleElement().asString().contains("(b)").contains("too long");
    }

    @Test
    void tooManyStanzasIsAnError() {
      byte[] many = "Package: a\n\n".repeat(DpkgStatusAnalyzer.MAX_STANZAS + 1).getBytes(StandardCharsets.US_ASCII);
      assertThatThrownBy(() -> AnalyzerHarness.analyze(ANALYZER, "/var/lib/dpkg/status", many))
          .isInstanceOf(LimitExceededException.class)
          .hasMessageContaining("/var/lib/dpkg/status");
    }
  }

  static Map<String, PackageRecord> byName(List<Fact> facts) {
    return AnalyzerHarness.packages(facts).stream()
        .collect(Collectors.toMap(PackageRecord::name, Function.identity(), (a, b) -> a));
  }
}
