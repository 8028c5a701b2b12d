package dev.bulwark.inventory.apk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.LimitExceededException;
import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApkInstalledAnalyzerTest {
  private static final ApkInstalledAnalyzer ANALYZER = new ApkInstalledAnalyzer();

  static Path root() {
    try {
      return Path.of(ApkInstalledAnalyzerTest.class.getResource("/inventory/apk").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<String> cases() {
    try (Stream<Path> dirs = Files.list(root())) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Fact> analyzeCase(String name) throws IOException {
    return AnalyzerHarness.analyze(ANALYZER, "/lib/apk/db/installed", root().resolve(name).resolve("installed"));
  }

  static List<Fact> analyze(String content) throws IOException {
    return AnalyzerHarness.analyze(ANALYZER, "/lib/apk/db/installed", content.getBytes(StandardCharsets.UTF_8));
  }

  static List<String> warnings(List<Fact> facts) {
    return facts.stream().filter(f -> f instanceof Fact.Warning).map(f -> ((Fact.Warning) f).message()).toList();
  }

  static Map<String, PackageRecord> byName(List<Fact> facts) {
    return AnalyzerHarness.packages(facts).stream().collect(Collectors.toMap(PackageRecord::name, p -> p));
  }

  @Nested
  class Required {
    @ParameterizedTest
    @ValueSource(strings = {"/lib/apk/db/installed", "/usr/lib/apk/db/installed"})
    void readsTheInstalledDatabase(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/lib/apk/db/installed/test", "/foo/lib/apk/db/installed", "/lib/apk/db/triggers",
        "/lib/apk/db/installed.old", "/etc/apk/repositories"})
    void skipsEverythingElse(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isFalse();
    }
  }

  @Nested
  class Fixtures {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.inventory.apk.ApkInstalledAnalyzerTest#cases")
    void reportsEveryRecordWithNameVersionArchOriginAndLicense(String name) throws IOException {
      List<String> rows = AnalyzerHarness.packages(analyzeCase(name)).stream()
          .map(p -> String.join("\t", p.name(), p.version(), p.arch(),
              p.source().map(s -> s.name()).orElse(""), String.join(" ", p.licenses())))
          .toList();
      List<String> expected = Files.readAllLines(root().resolve(name).resolve("expected.tsv"));
      assertThat(rows).containsExactlyElementsOf(expected);
    }

    @Test
    void installedFilesAreAbsolutePathsOfTheFilesNotTheDirectories() throws IOException {
      List<String> rows = new ArrayList<>();
      for (PackageRecord pkg : AnalyzerHarness.packages(analyzeCase("trivy-apk"))) {
        pkg.installedFiles().forEach(f -> rows.add(pkg.name() + "\t" + f));
      }
      assertThat(rows).containsExactlyElementsOf(
          Files.readAllLines(root().resolve("trivy-apk").resolve("expected-files.tsv")));
    }

    @Test
    void theOriginIsTheSourcePackageAtTheSameVersion() throws IOException {
      PackageRecord libssl = byName(analyzeCase("scalibr-installed")).get("libssl3");
      assertThat(libssl.type()).isEqualTo(PackageType.APK);
      assertThat(libssl.source()).hasValueSatisfying(s -> {
        assertThat(s.name()).isEqualTo("openssl");
        assertThat(s.version()).isEqualTo("3.1.0-r4");
      });
    }

    @Test
    void aPackageWithoutOriginHasNoSource() throws IOException {
      assertThat(byName(analyzeCase("scalibr-no-origin")).get("pkgname").source()).isEmpty();
    }

    @Test
    void commitAndBuildTimeAreProperties() throws IOException {
      PackageRecord pkg = byName(analyzeCase("scalibr-single")).get("alpine-baselayout-data");
      assertThat(pkg.properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
          ApkInstalledAnalyzer.COMMIT_PROPERTY, "65502ca9379dd29d1ac4b0bf0dcf03a3dd1b324a",
          ApkInstalledAnalyzer.BUILD_TIME_PROPERTY, "1683642107"));
    }
  }

  @Nested
  class Malformed {
    @Test
    void aRecordWithoutVersionIsSkippedWithAWarning() throws IOException {
      assertThat(warnings(analyzeCase("trivy-apk"))).singleElement().asString()
          .contains("invalidPackageWithoutAVersion").contains("no version");
    }

    @Test
    void textThatIsNoDatabaseGivesWarningsOnly() throws IOException {
      List<Fact> facts = analyzeCase("scalibr-invalid");
      assertThat(AnalyzerHarness.packages(facts)).isEmpty();
      assertThat(warnings(facts)).containsExactly("record at line 1: 1 lines are not X:value fields",
          "record at line 3: 1 lines are not X:value fields");
    }

    @Test
    void aRecordWithoutNameIsSkippedWithAWarning() throws IOException {
      List<Fact> facts = analyze("V:1.0\nA:x86_64\n\nP:b\nV:2\n");
      assertThat(byName(facts)).containsOnlyKeys("b");
      assertThat(warnings(facts)).containsExactly("record at line 1: no package name (P:)");
    }

    @Test
    void filesBeforeAnyDirectoryAreAtTheRootAndCrlfIsTolerated() throws IOException {
      PackageRecord pkg = byName(analyze("P:a\r\nV:1\r\nR:top\r\nF:usr/bin\r\nR:tool\r\n")).get("a");
      assertThat(pkg.version()).isEqualTo("1");
      assertThat(pkg.installedFiles()).containsExactly("/top", "/usr/bin/tool");
    }

    @Test
    void tooManyPackagesIsAnError() {
      byte[] many = "P:a\nV:1\n\n".repeat(ApkInstalledAnalyzer.MAX_PACKAGES + 1).getBytes(StandardCharsets.US_ASCII);
      assertThatThrownBy(() -> AnalyzerHarness.analyze(ANALYZER, "/lib/apk/db/installed", many))
          .isInstanceOf(LimitExceededException.class).hasMessageContaining("packages");
    }
  }
}
