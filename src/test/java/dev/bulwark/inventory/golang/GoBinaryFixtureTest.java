package dev.bulwark.inventory.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.elf.ExecutableFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real Go executables (ELF, PE, Mach-O; Go 1.19 and 1.15), read by the executable analyzer in one pass. */
class GoBinaryFixtureTest {
  static Stream<String> cases() {
    return Stream.of("golang/go1.19-linux-amd64", "golang/go1.19-windows-amd64", "golang/go1.19-darwin-arm64",
        "golang/go1.15-pointer-format");
  }

  private static List<Fact> analyze(String caseDir) {
    return ExecutableFixtures.analyze("/usr/local/bin/app", ExecutableFixtures.binary(caseDir));
  }

  @Nested
  class Golden {
    @ParameterizedTest
    @MethodSource("dev.bulwark.inventory.golang.GoBinaryFixtureTest#cases")
    void reportsWhatTheExpectedFileLists(String caseDir) {
      ExecutableFixtures.assertGolden(caseDir, analyze(caseDir));
    }
  }

  /** Go's own reader, {@code go version -m}, run on each binary when it was added, is the oracle. */
  @Nested
  class AgreesWithGoVersionM {
    @ParameterizedTest
    @MethodSource("dev.bulwark.inventory.golang.GoBinaryFixtureTest#cases")
    void everyModuleAndTheStandardLibrary(String caseDir) throws IOException {
      Path dir = Path.of("src/test/resources/inventory", caseDir);
      GoVersionOutput oracle = GoVersionOutput.parse(Files.readString(dir.resolve("go-version-m.txt")));
      assertThat(AnalyzerHarness.packages(analyze(caseDir))).extracting(p -> p.name() + "@" + p.version())
          .containsExactlyInAnyOrderElementsOf(oracle.expectedPackages());
    }
  }

  @Nested
  class Replacements {
    @Test
    void reportTheReplacementAndNameWhatItReplaced() {
      List<PackageRecord> packages = AnalyzerHarness.packages(analyze("golang/go1.19-linux-amd64"));
      assertThat(packages).filteredOn(p -> p.name().equals("example.org/fork/greet")).singleElement()
          .satisfies(p -> {
            assertThat(p.version()).isEqualTo("v1.2.4-fork.1");
            assertThat(p.properties()).containsEntry(GoBinaryPackages.REPLACES, "example.com/greet@v1.2.3");
          });
      assertThat(packages).extracting(PackageRecord::name).doesNotContain("example.com/greet");
    }
  }

  @Nested
  class PointerFormat {
    @Test
    void resolvesStringsThatLieBeforeTheHeaderWithoutRandomAccess() {
      // Go 1.15 stores pointers to strings in read-only data, long passed when the header is read.
      List<Fact> facts = analyze("golang/go1.15-pointer-format");
      assertThat(facts).noneMatch(f -> f instanceof Fact.Warning);
      assertThat(AnalyzerHarness.packages(facts)).extracting(PackageRecord::name, PackageRecord::version)
          .contains(tuple("stdlib", "v1.15.2"), tuple("golang.org/x/xerrors", "v0.0.0-20200804184101-5ec99f83aff1"));
    }
  }
}
