package dev.bulwark.inventory.ruby;

import dev.bulwark.inventory.FixtureTree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GemspecAnalyzerTest {
  private static final GemspecAnalyzer ANALYZER = new GemspecAnalyzer();
  private static final String SPEC = "/usr/local/bundle/specifications/a-1.0.gemspec";

  static List<Path> cases() throws IOException, URISyntaxException {
    return FixtureTree.cases("ruby");
  }

  @Nested
  class Fixtures {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.inventory.ruby.GemspecAnalyzerTest#cases")
    void reportsInstalledGems(Path caseDir) throws IOException {
      FixtureTree.assertExpected("ruby", caseDir, FixtureTree.run(caseDir, List.of(ANALYZER)));
    }

    @Test
    void everyRealSpecificationNamesTheGemItsFileNames() throws IOException, URISyntaxException {
      Path libruby = cases().stream().filter(c -> c.endsWith("debian-libruby")).findFirst().orElseThrow();
      List<Path> specs;
      try (Stream<Path> walk = Files.walk(libruby)) {
        specs = walk.filter(p -> p.toString().endsWith(".gemspec")).toList();
      }
      assertThat(specs).hasSizeGreaterThan(10);
      for (Path spec : specs) {
        PackageRecord pkg = single(AnalyzerHarness.analyze(ANALYZER, "/" + libruby.relativize(spec), spec));
        assertThat(pkg.name() + "-" + pkg.version() + ".gemspec").isEqualTo(spec.getFileName().toString());
      }
    }
  }

  @Nested
  class Selection {
    @ParameterizedTest
    @ValueSource(strings = {
        "/usr/lib/ruby/gems/3.1.0/specifications/rexml-3.2.5.gemspec",
        "/usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec",
        "/usr/local/bundle/specifications/rails-7.0.0.gemspec",
        "/app/vendor/bundle/ruby/3.2.0/specifications/nokogiri-1.15.0-x86_64-linux.gemspec"})
    void readsInstalledSpecifications(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/app/myapp.gemspec",
        "/usr/lib/ruby/gems/3.1.0/gems/rake-13.0.6/rake.gemspec",
        "/usr/lib/ruby/gems/3.1.0/specifications/other/x.gemspec",
        "/usr/lib/ruby/gems/3.1.0/myspecifications/x.gemspec",
        "/usr/lib/ruby/gems/3.1.0/specifications/x.gemspec.bak",
        "/specifications.gemspec"})
    void skipsOtherFiles(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isFalse();
    }
  }

  @Nested
  class Values {
    @Test
    void readsAnyBlockVariableAndQuoting() throws IOException {
      PackageRecord pkg = single(analyze("""
          Gem::Specification.new do |spec|
            spec.name    = 'it\\'s'
            spec.version = Gem::Version.new("2.0.0.pre1")
            spec.license = "MIT".freeze
          end
          """));
      assertThat(pkg.name()).isEqualTo("it's");
      assertThat(pkg.version()).isEqualTo("2.0.0.pre1");
      assertThat(pkg.licenses()).containsExactly("MIT");
      assertThat(pkg.type()).isEqualTo(PackageType.GEM);
    }

    @Test
    void ignoresOtherObjectsAndAttributes() throws IOException {
      PackageRecord pkg = single(analyze("""
          other.name = "wrong"
          Gem::Specification.new do |s|
            s.name = "a".freeze
            s.version = "1.0"
            s.required_rubygems_version = Gem::Requirement.new(">= 0".freeze)
            other.version = "9.9"
            s.metadata = { "name" => "x" }
          end
          """));
      assertThat(pkg.name()).isEqualTo("a");
      assertThat(pkg.version()).isEqualTo("1.0");
      assertThat(pkg.licenses()).isEmpty();
    }
  }

  @Nested
  class MalformedInput {
    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "s.name = \"a\"\ns.version = \"1\"\n",
        "Gem::Specification.new do |s|\n  s.name = A::NAME\n  s.version = \"1\"\nend\n",
        "Gem::Specification.new do |s|\n  s.name = \"a\"\nend\n",
        "\u0000\u0001"})
    void specificationWithoutLiteralNameAndVersionIsAWarning(String content) throws IOException {
      assertThat(analyze(content)).singleElement().isInstanceOf(Fact.Warning.class);
    }

    @Test
    void longLiteralsAndLinesAreReadWithoutExhaustingTheStack() throws IOException {
      String longName = "a\\\"".repeat(500_000);
      PackageRecord pkg = single(analyze("Gem::Specification.new do |s| " + "| x ".repeat(100_000) + "\n"
          + "  s.name = \"" + longName + "\"\n  s.version = \"1\"\n"));
      assertThat(pkg.name()).hasSize(1_000_000);
    }

    @Test
    void oversizedSpecificationIsAWarningWithoutReading() throws IOException {
      byte[] big = new byte[(int) GemspecAnalyzer.MAX_GEMSPEC_BYTES + 1];
      assertThat(AnalyzerHarness.analyze(ANALYZER, SPEC, big)).singleElement().isInstanceOf(Fact.Warning.class);
    }
  }

  private static PackageRecord single(List<Fact> facts) {
    assertThat(facts).singleElement().isInstanceOf(Fact.FoundPackage.class);
    return AnalyzerHarness.packages(facts).getFirst();
  }

  private static List<Fact> analyze(String content) throws IOException {
    return AnalyzerHarness.analyze(ANALYZER, SPEC, content.getBytes(StandardCharsets.UTF_8));
  }
}
