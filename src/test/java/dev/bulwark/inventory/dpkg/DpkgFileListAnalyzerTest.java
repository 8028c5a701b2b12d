package dev.bulwark.inventory.dpkg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DpkgFileListAnalyzerTest {
  private static final DpkgFileListAnalyzer ANALYZER = new DpkgFileListAnalyzer();

  @Nested
  class Required {
    @ParameterizedTest
    @ValueSource(strings = {"/var/lib/dpkg/info/base-files.list", "/var/lib/dpkg/info/libc6:amd64.list"})
    void readsPackageFileLists(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/lib/dpkg/info/libc6:amd64.md5sums", "/var/lib/dpkg/info/.list",
        "/var/lib/dpkg/info/sub/x.list", "/var/lib/dpkg/status", "/usr/share/foo.list", "/var/lib/dpkg/info/format"})
    void skipsEverythingElse(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isFalse();
    }
  }

  @Nested
  class Fixtures {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.inventory.dpkg.DpkgFixtures#listCases")
    void reportsWhatDpkgQueryListsForEachPackage(String name) throws IOException {
      Path dir = DpkgFixtures.root().resolve(name);
      List<String> rows = new ArrayList<>();
      try (Stream<Path> lists = Files.list(dir.resolve("info"))) {
        for (Path list : lists.sorted().toList()) {
          List<Fact> facts = AnalyzerHarness.analyze(ANALYZER, "/var/lib/dpkg/info/" + list.getFileName(), list);
          Fact.OwnedFiles owned = (Fact.OwnedFiles) facts.getFirst();
          assertThat(owned.format()).isEqualTo(PackageType.DEB);
          owned.paths().forEach(p -> rows.add(owned.packageName() + "\t" + owned.arch() + "\t" + p));
        }
      }
      assertThat(rows).containsExactlyElementsOf(DpkgFixtures.lines(dir.resolve("expected-lists.tsv")));
    }
  }

  @Nested
  class Bounds {
    @Test
    void anOverlongPathIsAWarningNotATruncatedList() throws IOException {
      byte[] list = ("/.\n/usr\n/" + "x".repeat(DpkgFileListAnalyzer.MAX_PATH_BYTES) + "\n")
          .getBytes(StandardCharsets.US_ASCII);
      List<Fact> facts = AnalyzerHarness.analyze(ANALYZER, "/var/lib/dpkg/info/big.list", list);
      assertThat(facts).singleElement().isInstanceOf(Fact.Warning.class)
          .asString().contains("big").contains("line 3");
    }

    @Test
    void anEmptyListOwnsNothing() throws IOException {
      List<Fact> facts = AnalyzerHarness.analyze(ANALYZER, "/var/lib/dpkg/info/empty:arm64.list", new byte[0]);
      assertThat(facts).containsExactly(new Fact.OwnedFiles(PackageType.DEB, "empty", "arm64", List.of()));
    }
  }
}
