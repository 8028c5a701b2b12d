package dev.bulwark.inventory.php;

import dev.bulwark.inventory.FixtureTree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ComposerInstalledAnalyzerTest {
  private static final ComposerInstalledAnalyzer ANALYZER = new ComposerInstalledAnalyzer();
  private static final String INSTALLED = "/app/vendor/composer/installed.json";

  static List<Path> cases() throws IOException, URISyntaxException {
    return FixtureTree.cases("php");
  }

  @Nested
  class Fixtures {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.inventory.php.ComposerInstalledAnalyzerTest#cases")
    void reportsInstalledPackages(Path caseDir) throws IOException {
      FixtureTree.assertExpected("php", caseDir, FixtureTree.run(caseDir, List.of(ANALYZER)));
    }
  }

  @Nested
  class Selection {
    @ParameterizedTest
    @ValueSource(strings = {INSTALLED, "/var/www/html/lib/composer/installed.json"})
    void readsInstalledFiles(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/composer.lock", "/app/composer.json", "/app/vendor/composer/installed.php",
        "/app/installed.json", "/app/vendor/mycomposer/installed.json"})
    void skipsOtherFiles(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isFalse();
    }
  }

  @Nested
  class Packages {
    @Test
    void readsLicenceStringsAndSkipsEntriesWithoutNameOrVersion() throws IOException {
      List<Fact> facts = analyze("""
          {"dev": false, "packages": [
            {"name": "a/b", "version": "v2.0.0", "license": "MIT"},
            {"name": "c/d"}, {"version": "1.0.0"}, 7, null,
            {"name": "e/f", "version": "dev-main", "license": [1, "GPL-2.0-or-later", "GPL-2.0-or-later"]}],
           "dev-package-names": []}
          """);
      assertThat(AnalyzerHarness.packages(facts))
          .extracting(PackageRecord::type, PackageRecord::name, PackageRecord::version, PackageRecord::licenses)
          .containsExactly(
              tuple(PackageType.COMPOSER, "a/b", "v2.0.0", List.of("MIT")),
              tuple(PackageType.COMPOSER, "e/f", "dev-main", List.of("GPL-2.0-or-later")));
    }
  }

  @Nested
  class MalformedInput {
    @ParameterizedTest
    @ValueSource(strings = {"", "\"x\"", "{", "[{\"name\": \"a/b\""})
    void brokenJsonIsAWarning(String content) throws IOException {
      assertThat(analyze(content)).last().isInstanceOf(Fact.Warning.class);
    }

    @Test
    void brokenJsonKeepsThePackagesReadBeforeTheBreak() throws IOException {
      List<Fact> facts = analyze("[{\"name\": \"a/b\", \"version\": \"1.0.0\"}, {\"name\": ");
      assertThat(AnalyzerHarness.packages(facts)).extracting(PackageRecord::name).containsExactly("a/b");
      assertThat(facts).last().isInstanceOf(Fact.Warning.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "{\"packages\": {}}", "{\"packages\": 3, \"other\": [1]}"})
    void unexpectedShapesYieldNothing(String content) throws IOException {
      assertThat(analyze(content)).isEmpty();
    }

    @Test
    void oversizedFileIsAWarningWithoutReading() throws IOException {
      byte[] big = new byte[(int) ComposerInstalledAnalyzer.MAX_INSTALLED_BYTES + 1];
      assertThat(AnalyzerHarness.analyze(ANALYZER, INSTALLED, big)).singleElement().isInstanceOf(Fact.Warning.class);
    }
  }

  private static List<Fact> analyze(String content) throws IOException {
    return AnalyzerHarness.analyze(ANALYZER, INSTALLED, content.getBytes(StandardCharsets.UTF_8));
  }
}
