package dev.bulwark.inventory.golang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GoBuildInfoTest {
  /** The module information of the go1.19 fixture binary, as its linker wrote it (see go-version-m.txt). */
  private static final String APP = """
      path\texample.com/app
      mod\texample.com/app\t(devel)\t
      dep\texample.com/greet\tv1.2.3
      =>\texample.org/fork/greet\tv1.2.4-fork.1\th1:aJLguVbXocc49F/cffVRxYqZtvQx9cZRS9F0jKTxXTo=

      dep\texample.net/colour\tv0.3.0\th1:2h43lCDkzvm83p7xiBn2ZmVB9D5yUgqUtSZZNt4DQHQ=
      build\t-compiler=gc
      build\t-ldflags="-s -w -X main.version=1.0.0"
      build\tCGO_ENABLED=0
      """;

  @Nested
  class Lines {
    @Test
    void readsPathMainModuleDependenciesAndSettings() {
      GoBuildInfo info = GoBuildInfo.parse("go1.19.8", APP);
      assertThat(info.goVersion()).isEqualTo("go1.19.8");
      assertThat(info.path()).isEqualTo("example.com/app");
      assertThat(info.main()).contains(new GoBuildInfo.Module("example.com/app", "(devel)", "", Optional.empty()));
      assertThat(info.deps()).extracting(GoBuildInfo.Module::path)
          .containsExactly("example.com/greet", "example.net/colour");
      assertThat(info.deps().get(1).sum()).isEqualTo("h1:2h43lCDkzvm83p7xiBn2ZmVB9D5yUgqUtSZZNt4DQHQ=");
      assertThat(info.settings()).containsExactly(new GoBuildInfo.Setting("-compiler", "gc"),
          new GoBuildInfo.Setting("-ldflags", "-s -w -X main.version=1.0.0"),
          new GoBuildInfo.Setting("CGO_ENABLED", "0"));
      assertThat(info.problems()).isEmpty();
    }

    @Test
    void ignoresTextAfterTheLastNewlineAsGoDoes() {
      GoBuildInfo info = GoBuildInfo.parse("go1.22.0", "dep\ta.example/x\tv1.0.0\ndep\tb.example/y\tv2.0.0");
      assertThat(info.deps()).extracting(GoBuildInfo.Module::path).containsExactly("a.example/x");
    }

    @Test
    void ignoresUnknownLines() {
      GoBuildInfo info = GoBuildInfo.parse("go1.22.0", "go\tgo1.22.0\nfuture\tthing\ndep\ta.example/x\tv1.0.0\n");
      assertThat(info.deps()).hasSize(1);
      assertThat(info.problems()).isEmpty();
    }

    @Test
    void hasNoMainModuleOutsideModuleMode() {
      GoBuildInfo info = GoBuildInfo.parse("go1.22.0", "path\tcmd/go\nbuild\t-compiler=gc\n");
      assertThat(info.main()).isEmpty();
      assertThat(info.path()).isEqualTo("cmd/go");
    }
  }

  @Nested
  class Replacements {
    @Test
    void attachToTheModuleOnThePreviousLine() {
      GoBuildInfo.Module greet = GoBuildInfo.parse("go1.19.8", APP).deps().getFirst();
      assertThat(greet.version()).isEqualTo("v1.2.3");
      assertThat(greet.replacement()).contains(new GoBuildInfo.Module("example.org/fork/greet", "v1.2.4-fork.1",
          "h1:aJLguVbXocc49F/cffVRxYqZtvQx9cZRS9F0jKTxXTo=", Optional.empty()));
    }

    @Test
    void withoutAModuleBeforeThemAreProblems() {
      GoBuildInfo info = GoBuildInfo.parse("go1.22.0", "=>\tb.example/y\tv2.0.0\th1:x\n");
      assertThat(info.deps()).isEmpty();
      assertThat(info.problems()).containsExactly("line 1: replacement with no module on the previous line");
    }

    @Test
    void replaceOnlyOnce() {
      GoBuildInfo info = GoBuildInfo.parse("go1.22.0",
          "dep\ta.example/x\tv1.0.0\n=>\tb.example/y\tv2.0.0\th1:x\n=>\tc.example/z\tv3.0.0\th1:y\n");
      assertThat(info.deps().getFirst().replacement()).map(GoBuildInfo.Module::path).contains("b.example/y");
      assertThat(info.problems()).containsExactly("line 3: replacement with no module on the previous line");
    }
  }

  @Nested
  class BuildSettings {
    @Test
    void unquoteGoQuotedKeysAndValues() {
      GoBuildInfo info = GoBuildInfo.parse("go1.22.0",
          "build\t\"odd key\"=`raw value`\nbuild\tCGO_CFLAGS=\"-O2 -g\\t\\u00e9\\x41\\101\"\nbuild\tEMPTY=\n");
      assertThat(info.settings()).containsExactly(new GoBuildInfo.Setting("odd key", "raw value"),
          new GoBuildInfo.Setting("CGO_CFLAGS", "-O2 -g\téAA"), new GoBuildInfo.Setting("EMPTY", ""));
    }

    @Test
    void malformedOnesAreProblemsAndTheRestIsRead() {
      GoBuildInfo info = GoBuildInfo.parse("go1.22.0", """
          build\tnoequals
          build\t=value
          build\t"unterminated=x
          build\tKEY="bad \\q escape"
          dep\ta.example/x\tv1.0.0
          dep\ttoo\tmany\tcolumns\there
          """);
      assertThat(info.deps()).extracting(GoBuildInfo.Module::path).containsExactly("a.example/x");
      assertThat(info.problems()).containsExactly("line 1: build line missing '=' after key",
          "line 2: build line with missing key", "line 3: invalid quoted key in build line",
          "line 4: invalid quoted value in build line", "line 6: expected 2 or 3 columns for a dependency, got 4");
    }
  }

  @Nested
  class Bounds {
    @Test
    void listOnlyTheFirstProblemsAndCountTheRest() {
      GoBuildInfo info = GoBuildInfo.parse("go1.22.0", "build\tx\n".repeat(25));
      assertThat(info.problems()).hasSize(GoBuildInfo.MAX_PROBLEMS + 1).last().isEqualTo("15 more malformed lines");
    }
  }
}
