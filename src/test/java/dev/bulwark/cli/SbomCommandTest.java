package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.testing.OciLayouts;
import dev.bulwark.testing.Tars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SbomCommandTest {
  @TempDir Path temp;

  private int run(String... args) {
    return Main.run(args, Map.of("HOME", temp.toString()));
  }

  private Path layout() {
    OciLayouts layout = new OciLayouts(temp.resolve("layout"));
    layout.tag(layout.image(List.of(new Tars().dir("etc").file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n").build()),
        "amd64"), "v1", null);
    return layout.dir();
  }

  @Nested
  class ExitCodes {
    @Test
    void versionAndHelpSucceed() {
      assertThat(run("--version")).isZero();
      assertThat(run("sbom", "--help")).isZero();
    }

    @Test
    void usageErrorsExitTwo() {
      assertThat(run("sbom")).isEqualTo(2);
      assertThat(run("sbom", "--format", "nope", "oci:" + temp)).isEqualTo(2);
      assertThat(run("sbom", "--platform", "linux", "oci:" + temp)).isEqualTo(2);
      assertThat(run("no-such-command")).isEqualTo(2);
    }

    @Test
    void unreadableInputsExitThreeAndWriteNothing() {
      Path out = temp.resolve("out.json");
      assertThat(run("sbom", "-o", out.toString(), "docker-archive:" + temp.resolve("missing.tar"))).isEqualTo(3);
      assertThat(run("sbom", "-o", out.toString(), "oci:" + temp)).isEqualTo(3);
      assertThat(out).doesNotExist();
    }
  }

  @Nested
  class Determinism {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"json", "cyclonedx", "spdx", "table"})
    void sameImageSameBytesWithAPinnedTimestamp(String format) throws IOException {
      Path image = layout();
      Path first = temp.resolve("first");
      Path second = temp.resolve("second");
      assertThat(run("sbom", "--no-cache", "--timestamp", "2026-01-02T03:04:05Z", "-f", format, "-o", first.toString(),
          "oci:" + image + ":v1")).isZero();
      assertThat(run("sbom", "--timestamp", "2026-01-02T03:04:05Z", "-f", format, "-o", second.toString(),
          "oci:" + image + ":v1")).isZero();
      assertThat(Files.readString(second)).isEqualTo(Files.readString(first));
      if (!format.equals("table")) {
        assertThat(Files.readString(first)).contains("2026-01-02T03:04:05");
      }
    }
  }
}
