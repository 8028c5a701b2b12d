package dev.bulwark.audit.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.LimitExceededException;
import dev.bulwark.audit.model.HostSettings;
import dev.bulwark.audit.model.HostSettings.FileStat;
import dev.bulwark.audit.model.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostReaderTest {
  @TempDir
  Path root;

  FakeHost.Writer files() {
    return new FakeHost.Writer(root);
  }

  HostSettings read(Map<String, String> daemonOther) {
    return new HostReader(new HostFs(root)).read(FakeHost.read("info.json"), daemonOther,
        List.of("/var/run/docker.sock"), Location.field("host", "")).settings();
  }

  FileStat stat(HostSettings settings, String path) {
    return settings.files().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
  }

  @Nested
  class FileStats {
    @Test
    void ownersGroupsAndModesOfDockersFiles() throws IOException {
      long uid = (Integer) Files.getAttribute(root, "unix:uid");
      long gid = (Integer) Files.getAttribute(root, "unix:gid");
      // the host's names, not those of the machine running the test (the first line for an id wins)
      files().write("etc/passwd", "ops:x:" + uid + ":" + gid + "::/:/bin/sh\nroot:x:0:0::/root:/bin/sh\n");
      files().write("etc/group", "ops:x:" + gid + ":\nroot:x:0:\n");
      Path daemonJson = files().write("etc/docker/daemon.json", "{}");
      Files.setPosixFilePermissions(daemonJson, PosixFilePermissions.fromString("rw-rw-rw-"));
      files().write("lib/systemd/system/docker.service", "[Unit]\n");
      Files.createDirectories(root.resolve("usr"));
      Files.createSymbolicLink(root.resolve("usr/lib"), Path.of("/lib"));
      files().write("tmp/blm/data/.keep", "");
      files().write("etc/docker/certs.d/registry.example:5000/ca.crt", "pem");
      files().write("etc/docker/tls/key.pem", "key");

      HostSettings host = read(Map.of("tlskey", "/etc/docker/tls/key.pem"));
      assertThat(stat(host, "/etc/docker/daemon.json")).isEqualTo(
          new FileStat("/etc/docker/daemon.json", "file", "ops", "ops", "0666"));
      assertThat(stat(host, "/tmp/blm/data").kind()).isEqualTo("directory"); // the data root from /info
      assertThat(stat(host, "/etc/docker/certs.d/registry.example:5000/ca.crt").kind()).isEqualTo("file");
      assertThat(stat(host, "/etc/docker/tls/key.pem").kind()).isEqualTo("file");
      // /usr/lib is /lib here: the unit is listed once
      assertThat(host.files()).filteredOn(f -> f.path().endsWith("/docker.service")).singleElement()
          .satisfies(f -> assertThat(f.path()).isEqualTo("/lib/systemd/system/docker.service"));
      assertThat(stat(host, "/lib/systemd/system/docker.socket").kind()).isEqualTo("missing");
      assertThat(stat(host, "/var/run/docker.sock")).isEqualTo(new FileStat("/var/run/docker.sock", "missing", "", "",
          ""));
    }

    @Test
    void anAbsoluteLinkResolvesInsideTheHostRoot() throws IOException {
      Files.createDirectories(root.resolve("run"));
      Files.createDirectories(root.resolve("var"));
      Files.createSymbolicLink(root.resolve("var/run"), Path.of("/run"));
      files().write("run/docker.sock", "");
      HostFs fs = new HostFs(root);
      assertThat(fs.resolve("/var/run/docker.sock", true)).isEqualTo(root.resolve("run/docker.sock"));
      assertThat(fs.read("/var/run/docker.sock", 10)).contains("");
      Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../../../etc"));
      assertThat(fs.resolve("/escape/passwd", true)).isEqualTo(root.resolve("etc/passwd"));
    }

    @Test
    void aFileOverItsBoundIsAnError() {
      files().write("etc/os-release", "x".repeat(HostReader.MAX_SMALL_BYTES + 1));
      assertThatThrownBy(() -> read(Map.of())).isInstanceOf(LimitExceededException.class)
          .hasMessageContaining("/etc/os-release");
    }
  }

  @Nested
  class Accounts {
    @Test
    void dockerGroupMembersListedAndByPrimaryGroup() {
      files().write("etc/group", "root:x:0:\ndocker:x:106:alice, bob\nusers:x:100:carol\n");
      files().write("etc/passwd", "root:x:0:0::/root:/bin/sh\ndave:x:1003:106::/home/dave:/bin/sh\n");
      assertThat(read(Map.of()).dockerGroupMembers()).containsExactly("alice", "bob", "dave");
    }
  }

  @Nested
  class AuditAndMounts {
    @Test
    void watchedPathsFromTheRulesFileAndRulesD() {
      files().write("etc/audit/audit.rules", "# comment\n-w /usr/bin/dockerd -k docker\n");
      files().write("etc/audit/rules.d/docker.rules", """
          -w /var/lib/docker -p wa -k docker
          -a always,exit -F path=/usr/bin/containerd -F perm=x -k docker
          -a exit,always -F dir=/etc/docker -k docker
          """);
      files().write("etc/audit/rules.d/ignored.conf", "-w /nope\n");
      assertThat(read(Map.of()).auditedPaths())
          .containsExactly("/etc/docker", "/usr/bin/containerd", "/usr/bin/dockerd", "/var/lib/docker");
    }

    @Test
    void theDataRootIsASeparateMountWhenInitSeesOneThere() throws IOException {
      // captured: dockerd's bind mount of its data root onto itself, which is not a partition
      files().write("proc/1/mountinfo", Files.readString(FakeHost.FIXTURE.resolve("host/mountinfo")));
      assertThat(read(Map.of()).separateDockerPartition()).contains(false);
      files().write("proc/1/mountinfo", Files.readString(FakeHost.FIXTURE.resolve("host/mountinfo"))
          + "99 27 254:16 / /tmp/blm/data rw,relatime shared:40 - ext4 /dev/vdb rw\n");
      assertThat(read(Map.of()).separateDockerPartition()).contains(true);
      Files.delete(root.resolve("proc/1/mountinfo"));
      assertThat(read(Map.of()).separateDockerPartition()).isEmpty();
    }

    @Test
    void kernelAndDistributionFromProcAndOsRelease() {
      files().write("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
      files().write("etc/os-release", "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
      HostSettings host = read(Map.of());
      assertThat(host.kernelVersion()).contains("6.1.0-18-amd64");
      assertThat(host.osRelease()).contains("Debian GNU/Linux 12 (bookworm)");
      assertThat(host.hostname()).isEqualTo("vm");
    }

    @Test
    void withoutProcTheEnginesReportIsUsed() {
      HostSettings host = read(Map.of());
      assertThat(host.kernelVersion()).isEqualTo(Optional.of("6.18.44-fc-v669"));
      assertThat(host.osRelease()).contains("Debian GNU/Linux 12 (bookworm)");
    }
  }

  @Nested
  class RulesText {
    @Test
    void attachedWatchFlag() {
      assertThat(AuditRules.parse("-w/etc/default/docker -k docker\n")).containsExactly("/etc/default/docker");
    }
  }
}
