package dev.bulwark.audit.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageChangelogsTest {
  /** The real changelog of Debian 12's runc, captured with the live fixture. */
  private static final Path RUNC = FakeHost.FIXTURE.resolve("doc/runc/changelog.Debian.gz");

  @TempDir Path root;

  private HostFs hostWith(String pkg, byte[] changelog) throws IOException {
    Path doc = Files.createDirectories(root.resolve("usr/share/doc/" + pkg));
    Files.write(doc.resolve("changelog.Debian.gz"), changelog);
    return new HostFs(root);
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Nested
  class VouchesForThePackagesBinary {
    @Test
    void debiansRuncNamesTheLeakyVesselsFix() throws IOException {
      HostFs fs = hostWith("runc", Files.readAllBytes(RUNC));
      PackageChangelogs.Fixes fixes = PackageChangelogs.read(fs, "runc", "1.1.5+ds1").orElseThrow();
      assertThat(fixes.packageVersion()).isEqualTo("1.1.5+ds1-1+deb12u1");
      assertThat(fixes.cves()).contains("CVE-2024-21626", "CVE-2023-27561").doesNotContain("CVE-2019-5736");
      assertThat(fixes.changelog()).isEqualTo("/usr/share/doc/runc/changelog.Debian.gz");
    }

    @Test
    void versionsAsEnginesReportThem() throws IOException {
      HostFs fs = hostWith("containerd", gzip("""
          containerd (1:1.7.2-0ubuntu1~22.04.1) jammy-security; urgency=medium

            * SECURITY UPDATE: CVE-2023-25173 supplementary groups
          """));
      assertThat(PackageChangelogs.read(fs, "containerd", "v1.7.2")).isPresent();
      assertThat(PackageChangelogs.read(fs, "containerd", "1.7.2").orElseThrow().cves())
          .containsExactly("CVE-2023-25173");
    }
  }

  @Nested
  class SaysNothing {
    @Test
    void whenTheEngineRunsAnotherVersionThanThePackage() throws IOException {
      // a runc 1.1.4 installed by hand is not what Debian's 1.1.5 changelog speaks for
      assertThat(PackageChangelogs.read(hostWith("runc", Files.readAllBytes(RUNC)), "runc", "1.1.4")).isEmpty();
    }

    @Test
    void whenTheChangelogIsAnotherPackages() throws IOException {
      HostFs fs = hostWith("runc", gzip("runc-shim (1.1.5+ds1-1) unstable; urgency=high\n\n  * CVE-2024-21626\n"));
      assertThat(PackageChangelogs.read(fs, "runc", "1.1.5+ds1")).isEmpty();
    }

    @Test
    void whenThereIsNoChangelog() {
      assertThat(PackageChangelogs.read(new HostFs(root), "runc", "1.1.5+ds1")).isEmpty();
    }
  }

  @Test
  void aCorruptChangelogIsAnErrorNamingIt() throws IOException {
    HostFs fs = hostWith("runc", new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
    assertThatThrownBy(() -> PackageChangelogs.read(fs, "runc", "1.1.5+ds1"))
        .isInstanceOf(InputException.class).hasMessageContaining("/usr/share/doc/runc/changelog.Debian.gz");
  }

  @Test
  void upstreamVersionDropsEpochAndRevision() {
    assertThat(PackageChangelogs.upstream("1:1.7.2-0ubuntu1~22.04.1")).isEqualTo("1.7.2");
    assertThat(PackageChangelogs.upstream("20.10.24+dfsg1-1+deb12u1")).isEqualTo("20.10.24+dfsg1");
    assertThat(PackageChangelogs.upstream("1.0")).isEqualTo("1.0");
  }
}
