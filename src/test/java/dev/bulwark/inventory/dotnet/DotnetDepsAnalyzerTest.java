package dev.bulwark.inventory.dotnet;

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

class DotnetDepsAnalyzerTest {
  private static final DotnetDepsAnalyzer ANALYZER = new DotnetDepsAnalyzer();
  private static final String DEPS = "/app/App.deps.json";

  static List<Path> cases() throws IOException, URISyntaxException {
    return FixtureTree.cases("dotnet");
  }

  @Nested
  class Fixtures {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.inventory.dotnet.DotnetDepsAnalyzerTest#cases")
    void reportsRuntimePackages(Path caseDir) throws IOException {
      FixtureTree.assertExpected("dotnet", caseDir, FixtureTree.run(caseDir, List.of(ANALYZER)));
    }
  }

  @Nested
  class Selection {
    @ParameterizedTest
    @ValueSource(strings = {
        "/app/App.deps.json",
        "/usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.0/Microsoft.NETCore.App.deps.json"})
    void readsDepsFiles(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/app/App.runtimeconfig.json", "/app/deps.json.bak", "/app/packages.lock.json", "/app/App.dll"})
    void skipsOtherFiles(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isFalse();
    }
  }

  @Nested
  class Libraries {
    @Test
    void onlyPackagesAndRuntimePacksAreReported() throws IOException {
      List<Fact> facts = analyze("""
          {"libraries": {
            "App/1.0.0": {"type": "project"},
            "System.Ref/4.0.0": {"type": "reference"},
            "Serilog/2.10.0": {"type": "Package"},
            "runtimepack.Microsoft.AspNetCore.App.Runtime.linux-x64/8.0.1": {"type": "runtimepack"}}}
          """);
      assertThat(AnalyzerHarness.packages(facts))
          .extracting(PackageRecord::type, PackageRecord::name, PackageRecord::version)
          .containsExactly(
              tuple(PackageType.NUGET, "Serilog", "2.10.0"),
              tuple(PackageType.NUGET, "Microsoft.AspNetCore.App.Runtime.linux-x64", "8.0.1"));
    }

    @Test
    void unknownRuntimeTargetKeepsEveryPackage() throws IOException {
      List<Fact> facts = analyze("""
          {"runtimeTarget": {"name": "missing"},
           "targets": {"other": {"A/1.0.0": {}}},
           "libraries": {"A/1.0.0": {"type": "package"}}}
          """);
      assertThat(AnalyzerHarness.packages(facts)).extracting(PackageRecord::name).containsExactly("A");
    }

    @Test
    void keysNotNamedNameSlashVersionAreAWarning() throws IOException {
      List<Fact> facts = analyze("""
          {"libraries": {"NoVersion": {"type": "package"}, "/1.0": {"type": "package"}, "A/": {"type": "package"},
                         "B/2.0": {"type": "package"}}}
          """);
      assertThat(AnalyzerHarness.packages(facts)).extracting(PackageRecord::name).containsExactly("B");
      assertThat(facts).last().isEqualTo(new Fact.Warning("3 libraries not named Name/Version were skipped"));
    }
  }

  @Nested
  class MalformedInput {
    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "\"x\"", "{\"libraries\": {\"A/1\": "})
    void brokenJsonIsAWarning(String content) throws IOException {
      assertThat(analyze(content)).singleElement().isInstanceOf(Fact.Warning.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"libraries\": []}", "{\"libraries\": {\"A/1\": 5, \"B/1\": {\"type\": 7}}}"})
    void unexpectedShapesYieldNothing(String content) throws IOException {
      assertThat(analyze(content)).isEmpty();
    }

    @Test
    void oversizedFileIsAWarningWithoutReading() throws IOException {
      byte[] big = new byte[(int) DotnetDepsAnalyzer.MAX_DEPS_BYTES + 1];
      assertThat(AnalyzerHarness.analyze(ANALYZER, DEPS, big)).singleElement().isInstanceOf(Fact.Warning.class);
    }
  }

  private static List<Fact> analyze(String content) throws IOException {
    return AnalyzerHarness.analyze(ANALYZER, DEPS, content.getBytes(StandardCharsets.UTF_8));
  }
}
