package dev.bulwark.inventory.golang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GoBinaryPackagesTest {
  private static List<PackageRecord> packages(String goVersion, String modinfo) {
    return AnalyzerHarness.packages(GoBinaryPackages.facts(goVersion, modinfo));
  }

  @Nested
  class MainModule {
    @Test
    void isMarkedAndCarriesThePathToolchainAndChosenSettings() {
      PackageRecord main = packages("go1.22.3 X:boringcrypto", """
          path\texample.com/app/cmd/app
          mod\texample.com/app\tv1.4.0\th1:abc=
          build\t-buildmode=exe
          build\tGOAMD64=v1
          build\tGOOS=linux
          build\tvcs.revision=0123abcd
          """).getFirst();
      assertThat(main.type()).isEqualTo(PackageType.GOLANG);
      assertThat(main.name()).isEqualTo("example.com/app");
      assertThat(main.version()).isEqualTo("v1.4.0");
      assertThat(main.properties()).containsOnlyKeys(GoBinaryPackages.MAIN, GoBinaryPackages.PATH,
          GoBinaryPackages.TOOLCHAIN, "go.build.-buildmode", "go.build.GOOS", "go.build.vcs.revision");
      assertThat(main.properties()).containsEntry(GoBinaryPackages.PATH, "example.com/app/cmd/app")
          .containsEntry(GoBinaryPackages.TOOLCHAIN, "go1.22.3 X:boringcrypto");
    }

    @Test
    void keepsTheDevelVersionAndMarksIt() {
      PackageRecord main = packages("go1.22.3", "mod\texample.com/app\t(devel)\t\n").getFirst();
      assertThat(main.version()).isEqualTo("(devel)");
      assertThat(main.properties()).containsEntry(GoBinaryPackages.DEVEL, "true");
    }
  }

  @Nested
  class Dependencies {
    @Test
    void areReportedAsTheirReplacement() {
      assertThat(packages("go1.22.3", """
          dep\tgolang.org/x/xerrors\tv0.0.0-20220907171357-04be3eba64a2
          =>\tgithub.com/golang/xerrors\tv0.0.0-20220907171357-04be3eba64a2\th1:x=
          dep\texample.com/local\tv1.0.0
          =>\t../local\t(devel)\t
          """)).extracting(PackageRecord::name, PackageRecord::version, PackageRecord::properties)
          .startsWith(
              tuple("github.com/golang/xerrors", "v0.0.0-20220907171357-04be3eba64a2",
                  Map.of(GoBinaryPackages.REPLACES, "golang.org/x/xerrors@v0.0.0-20220907171357-04be3eba64a2")),
              tuple("../local", "(devel)",
                  Map.of(GoBinaryPackages.REPLACES, "example.com/local@v1.0.0", GoBinaryPackages.DEVEL, "true")));
    }

    @Test
    void withAnEmptyPathAreSkipped() {
      // Old toolchains listed the main module among the dependencies with an empty path.
      assertThat(packages("go1.13", "dep\t\t(devel)\t\n")).extracting(PackageRecord::name).containsExactly("stdlib");
    }
  }

  @Nested
  class StandardLibrary {
    @Test
    void isThePackageStdlibAtTheToolchainVersion() {
      assertThat(packages("go1.21rc2", "")).singleElement().satisfies(p -> {
        assertThat(p.name()).isEqualTo("stdlib");
        assertThat(p.version()).isEqualTo("v1.21.0-rc.2");
        assertThat(p.properties()).containsExactlyEntriesOf(Map.of(GoBinaryPackages.TOOLCHAIN, "go1.21rc2"));
      });
    }

    @Test
    void isOmittedForDevelopmentToolchains() {
      assertThat(packages("devel go1.23-abc123", "mod\texample.com/app\t(devel)\t\n"))
          .extracting(PackageRecord::name).containsExactly("example.com/app");
    }
  }

  @Test
  void reportsMalformedLinesAsWarningsBesideThePackages() {
    List<Fact> facts = GoBinaryPackages.facts("go1.22.3", "dep\tonly-one-column\ndep\tok.example/x\tv1.0.0\n");
    assertThat(facts).filteredOn(f -> f instanceof Fact.Warning).extracting(f -> ((Fact.Warning) f).message())
        .containsExactly("Go build info: line 1: expected 2 or 3 columns for a dependency, got 1");
    assertThat(AnalyzerHarness.packages(facts)).extracting(PackageRecord::name)
        .containsExactly("ok.example/x", "stdlib");
  }
}
