package dev.bulwark.inventory.distro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseFilesAnalyzerTest {
  private static final ReleaseFilesAnalyzer ANALYZER = new ReleaseFilesAnalyzer();

  static List<Fact> analyze(String path, String content) throws IOException {
    return AnalyzerHarness.analyze(ANALYZER, path, content.getBytes(StandardCharsets.UTF_8));
  }

  static Fact.ReleaseFile release(String path, String content) throws IOException {
    return (Fact.ReleaseFile) analyze(path, content).getFirst();
  }

  @Nested
  class Required {
    @Test
    void readsEveryReleaseFilePath() {
      assertThat(ReleaseFiles.PATHS).allSatisfy(p -> assertThat(AnalyzerHarness.requires(ANALYZER, p, 0644)).isTrue());
    }

    @Test
    void readsFedorasOsReleaseVariantsThatUsrLibOsReleaseLinksTo() throws IOException {
      String path = "/usr/lib/os.release.d/os-release-container";
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isTrue();
      assertThat(release(path, "ID=fedora\n").kind()).isEqualTo(ReleaseFiles.OS_RELEASE_KIND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/usr/lib/os.release.d/", "/usr/lib/os.release.d/a/b", "/etc/os-release.d/x", "/usr/lib/os-release.bak", "/etc/issue", "/etc/passwd",
        "/opt/etc/os-release", "/etc/apk/world", "/usr/lib/os-release/x"})
    void skipsEverythingElse(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isFalse();
    }
  }

  @Nested
  class Kinds {
    @Test
    void osReleaseGivesEveryAssignment() throws IOException {
      assertThat(release("/usr/lib/os-release", "ID=alpine\nVERSION_ID=3.18.4\n"))
          .isEqualTo(new Fact.ReleaseFile(ReleaseFiles.OS_RELEASE_KIND, Map.of("ID", "alpine", "VERSION_ID", "3.18.4")));
    }

    @Test
    void alpineReleaseAndDebianVersionGiveTheirFirstLine() throws IOException {
      assertThat(release("/etc/alpine-release", "3.18.4\n")).isEqualTo(
          new Fact.ReleaseFile(ReleaseFiles.ALPINE_RELEASE_KIND, Map.of(ReleaseFiles.VERSION, "3.18.4")));
      assertThat(release("/etc/debian_version", "trixie/sid\n")).isEqualTo(
          new Fact.ReleaseFile(ReleaseFiles.DEBIAN_VERSION_KIND, Map.of(ReleaseFiles.VERSION, "trixie/sid")));
    }

    @Test
    void lsbReleaseGivesItsAssignments() throws IOException {
      assertThat(release("/etc/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\n")
          .fields()).containsEntry("DISTRIB_CODENAME", "jammy").hasSize(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "AlmaLinux release 9.2 (Turquoise Kodkod)|AlmaLinux|9.2|Turquoise Kodkod",
        "CentOS Linux release 7.6.1810 (Core) |CentOS Linux|7.6.1810|Core",
        "Oracle Linux Server release 7.6|Oracle Linux Server|7.6|-",
        "Red Hat Enterprise Linux release 9.4 (Plow)|Red Hat Enterprise Linux|9.4|Plow",
        "CentOS Stream release 9|CentOS Stream|9|-",
        "Amazon Linux release 2023.5.20240624 (Amazon Linux)|Amazon Linux|2023.5.20240624|Amazon Linux"})
    void redhatReleaseGivesNameVersionAndCodename(String line, String name, String version, String codename)
        throws IOException {
      Map<String, String> fields = release("/etc/redhat-release", line + "\n").fields();
      assertThat(fields).containsEntry(ReleaseFiles.NAME, name).containsEntry(ReleaseFiles.VERSION, version)
          .containsEntry(ReleaseFiles.LINE, line.strip());
      if (codename == null) {
        assertThat(fields).doesNotContainKey(ReleaseFiles.CODENAME);
      } else {
        assertThat(fields).containsEntry(ReleaseFiles.CODENAME, codename);
      }
    }

    @Test
    void aRedhatReleaseWithoutTheWordReleaseGivesOnlyTheLine() throws IOException {
      assertThat(release("/etc/system-release", "Something else\n").fields())
          .containsExactly(Map.entry(ReleaseFiles.LINE, "Something else"));
    }

    @Test
    void everyVendorFileIsOfTheRedhatKind() throws IOException {
      for (String path : ReleaseFiles.VENDOR_RELEASE_FILES.keySet()) {
        assertThat(release(path, "X release 1\n").kind()).isEqualTo(ReleaseFiles.REDHAT_RELEASE_KIND);
      }
    }
  }

  @Nested
  class ApkRepositoriesBranch {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "https://dl-cdn.alpinelinux.org/alpine/v3.18/main\\nhttps://dl-cdn.alpinelinux.org/alpine/v3.18/community|v3.18",
        "http://mirror.example.org/pub/alpine/edge/main/|edge",
        "https://dl-cdn.alpinelinux.org/alpine/v3.18/main\\n@testing https://dl-cdn.alpinelinux.org/alpine/edge/testing|v3.18",
        "https://dl-cdn.alpinelinux.org/alpine/v3.9/main\\nhttps://dl-cdn.alpinelinux.org/alpine/v3.10/main|v3.10",
        "https://dl-cdn.alpinelinux.org/alpine/v3.18/main\\nhttps://dl-cdn.alpinelinux.org/alpine/edge/community|edge",
        "# https://dl-cdn.alpinelinux.org/alpine/v3.18/main\\n/media/cdrom/apks|-",
        "https://packages.wolfi.dev/os|-"})
    void isTheBranchTheUntaggedRepositoriesInstallFrom(String text, String branch) throws IOException {
      Map<String, String> fields = release("/etc/apk/repositories", text.replace("\\n", "\n") + "\n").fields();
      assertThat(fields).isEqualTo(branch == null ? Map.of() : Map.of(ReleaseFiles.BRANCH, branch));
    }
  }

  @Nested
  class Bounds {
    @Test
    void anOversizedFileIsAWarning() throws IOException {
      List<Fact> facts = analyze("/etc/os-release", "#".repeat(ReleaseFilesAnalyzer.MAX_RELEASE_FILE_BYTES + 1));
      assertThat(facts).singleElement().isInstanceOf(Fact.Warning.class);
    }
  }
}
