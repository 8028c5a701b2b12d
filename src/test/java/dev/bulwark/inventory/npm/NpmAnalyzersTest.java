package dev.bulwark.inventory.npm;

import dev.bulwark.inventory.FixtureTree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.bulwark.inventory.Analyzer;
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

class NpmAnalyzersTest {
  private static final NodePackageAnalyzer INSTALLED = new NodePackageAnalyzer();
  private static final NpmLockAnalyzer LOCK = new NpmLockAnalyzer();

  static List<Path> cases() throws IOException, URISyntaxException {
    return FixtureTree.cases("npm");
  }

  @Nested
  class Fixtures {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.inventory.npm.NpmAnalyzersTest#cases")
    void reportsWhatTheFilesDeclare(Path caseDir) throws IOException {
      FixtureTree.assertExpected("npm", caseDir, FixtureTree.run(caseDir, List.of(INSTALLED, LOCK)));
    }
  }

  @Nested
  class InstalledManifestSelection {
    @ParameterizedTest
    @ValueSource(strings = {
        "/app/node_modules/lodash/package.json",
        "/app/node_modules/@babel/core/package.json",
        "/app/node_modules/debug/node_modules/ms/package.json",
        "/app/node_modules/@a/b/node_modules/@c/d/package.json",
        "/node_modules/x/package.json",
        "/usr/lib/node_modules/npm/node_modules/semver/package.json",
        "/app/node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json"})
    void readsPackageRoots(String path) {
      assertThat(AnalyzerHarness.requires(INSTALLED, path, 0644)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/app/package.json",
        "/package.json",
        "/app/node_modules/tslib/modules/package.json",
        "/app/node_modules/@babel/core/lib/package.json",
        "/app/node_modules/@babel/package.json",
        "/app/node_modules/@/package.json",
        "/app/node_modules/.bin/package.json",
        "/app/node_modules/package.json",
        "/app/my_node_modules/x/package.json",
        "/app/node_modules/x/package.json.bak",
        "/app/node_modules/x/xpackage.json",
        "/app/node_modules/.package-lock.json",
        "/app/node_modules/x/package-lock.json"})
    void skipsOtherFiles(String path) {
      assertThat(AnalyzerHarness.requires(INSTALLED, path, 0644)).isFalse();
    }
  }

  @Nested
  class LockFileSelection {
    @ParameterizedTest
    @ValueSource(strings = {"/app/package-lock.json", "/npm-shrinkwrap.json", "/srv/x/npm-shrinkwrap.json"})
    void readsLockFiles(String path) {
      assertThat(AnalyzerHarness.requires(LOCK, path, 0644)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/app/node_modules/.package-lock.json",
        "/app/node_modules/foo/package-lock.json",
        "/app/node_modules/foo/npm-shrinkwrap.json",
        "/app/yarn.lock",
        "/app/package.json",
        "/app/old-package-lock.json.orig"})
    void skipsOthers(String path) {
      assertThat(AnalyzerHarness.requires(LOCK, path, 0644)).isFalse();
    }
  }

  @Nested
  class Licenses {
    @Test
    void readsLegacyObjectForm() throws IOException {
      assertThat(installed("{\"name\":\"a\",\"version\":\"1.0.0\",\"license\":{\"type\":\"MIT\",\"url\":\"u\"}}")
          .licenses()).containsExactly("MIT");
    }

    @Test
    void readsLegacyArraysOfStringsAndObjects() throws IOException {
      assertThat(installed("{\"name\":\"a\",\"version\":\"1.0.0\",\"licenses\":[\"MIT\",{\"type\":\"BSD\"},[\"x\"],7]}")
          .licenses()).containsExactly("MIT", "BSD");
    }

    @Test
    void ignoresLicenceValuesOfOtherTypes() throws IOException {
      assertThat(installed("{\"name\":\"a\",\"version\":\"1.0.0\",\"license\":null,\"licenses\":{\"url\":\"u\"}}")
          .licenses()).isEmpty();
    }
  }

  @Nested
  class MalformedInput {
    @Test
    void manifestWithoutNameOrVersionIsNoPackage() throws IOException {
      assertThat(analyze(INSTALLED, "{\"version\":\"1.0.0\"}")).isEmpty();
      assertThat(analyze(INSTALLED, "{\"name\":\"a\"}")).isEmpty();
      assertThat(analyze(INSTALLED, "{\"name\":\"a\",\"version\":1}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,2]", "\"x\"", "{\"name\": \"a\", \"version\": \"1\",", "\u0000\u0001"})
    void brokenManifestIsAWarning(String content) throws IOException {
      assertThat(analyze(INSTALLED, content)).singleElement().isInstanceOf(Fact.Warning.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/a\": {\"version\""})
    void brokenLockIsAWarning(String content) throws IOException {
      assertThat(analyze(LOCK, content)).last().isInstanceOf(Fact.Warning.class);
    }

    @Test
    void brokenLockKeepsWhatWasReadBeforeTheBreak() throws IOException {
      List<Fact> facts =
          analyze(LOCK, "{\"packages\": {\"node_modules/a\": {\"version\": \"1.0.0\"}, \"node_modules/b\"");
      assertThat(AnalyzerHarness.packages(facts)).extracting(PackageRecord::name).containsExactly("a");
      assertThat(facts).last().isInstanceOf(Fact.Warning.class);
    }

    @Test
    void unexpectedValueTypesAreSkipped() throws IOException {
      String lock = "{\"packages\": {\"node_modules/a\": 1, \"node_modules/b\": {\"version\": 2},"
          + " \"node_modules/c\": {\"version\": \"1.0.0\", \"name\": [], \"dev\": \"yes\"}},"
          + " \"dependencies\": {\"d\": {\"version\": \"1.0.0\"}}}";
      assertThat(AnalyzerHarness.packages(analyze(LOCK, lock)))
          .extracting(PackageRecord::name, PackageRecord::version)
          .containsExactly(tuple("c", "1.0.0"));
    }

    @Test
    void nestingPastTheParserBoundIsAWarning() throws IOException {
      String deep = "{\"dependencies\":" + "{\"a\":{\"version\":\"1.0.0\",\"dependencies\":".repeat(150)
          + "{}" + "}}".repeat(150) + "}";
      assertThat(analyze(LOCK, deep)).last().isInstanceOf(Fact.Warning.class);
    }

    @Test
    void oversizedManifestIsAWarningWithoutReading() throws IOException {
      byte[] big = new byte[(int) NodePackageAnalyzer.MAX_MANIFEST_BYTES + 1];
      assertThat(AnalyzerHarness.analyze(INSTALLED, "/node_modules/a/package.json", big))
          .singleElement().isInstanceOf(Fact.Warning.class);
    }
  }

  @Test
  void packagesMapWinsOverDependenciesWhereverItIs() throws IOException {
    String lock = "{\"lockfileVersion\": 2, \"dependencies\": {\"d\": {\"version\": \"1.0.0\"}},"
        + " \"packages\": {\"\": {\"name\": \"root\", \"version\": \"1.0.0\"},"
        + " \"node_modules/c\": {\"version\": \"2.0.0\"}}}";
    assertThat(AnalyzerHarness.packages(analyze(LOCK, lock))).extracting(PackageRecord::name).containsExactly("c");
  }

  @Test
  void lockPackagesAreMarkedAsLockFileEntries() throws IOException {
    PackageRecord pkg = AnalyzerHarness.packages(
        analyze(LOCK, "{\"lockfileVersion\": 1, \"dependencies\": {\"a\": {\"version\": \"1.0.0\"}}}")).getFirst();
    assertThat(pkg.type()).isEqualTo(PackageType.NPM);
    assertThat(pkg.properties()).containsEntry(PackageRecord.LOCKFILE, "true");
  }

  @Test
  void analyzersHaveStableTypes() {
    assertThat(List.<Analyzer>of(INSTALLED, LOCK)).extracting(Analyzer::type)
        .containsExactly("npm-package", "npm-lock");
  }

  private static PackageRecord installed(String json) throws IOException {
    return AnalyzerHarness.packages(analyze(INSTALLED, json)).getFirst();
  }

  private static List<Fact> analyze(Analyzer analyzer, String content) throws IOException {
    String path = analyzer == LOCK ? "/app/package-lock.json" : "/app/node_modules/a/package.json";
    return AnalyzerHarness.analyze(analyzer, path, content.getBytes(StandardCharsets.UTF_8));
  }
}
