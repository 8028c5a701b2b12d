package dev.bulwark.audit.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.InputException;
import dev.bulwark.audit.model.ContainerSettings.Ulimit;
import dev.bulwark.audit.model.DaemonSettings;
import dev.bulwark.audit.model.Location;
import dev.bulwark.image.docker.DockerHost;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonReaderTest {
  @TempDir
  Path root;

  static DockerdCommandLine cmd(String... args) {
    return DockerdCommandLine.parse(77, List.of(args));
  }

  @Nested
  class CommandLine {
    @Test
    void longShortAndBooleanFlags() {
      DockerdCommandLine c = cmd("dockerd", "-H", "fd://", "-Htcp://0.0.0.0:2375", "--live-restore",
          "--log-level=debug", "--insecure-registry", "a:5000", "--insecure-registry=b:5000", "--icc=false",
          "-D", "--default-ulimit", "nofile=1024:2048");
      assertThat(c.all("host")).containsExactly("fd://", "tcp://0.0.0.0:2375");
      assertThat(c.bool("live-restore")).contains(true);
      assertThat(c.bool("icc")).contains(false);
      assertThat(c.bool("debug")).contains(true);
      assertThat(c.last("log-level")).contains("debug");
      assertThat(c.all("insecure-registry")).containsExactly("a:5000", "b:5000");
      assertThat(c.last("default-ulimit")).contains("nofile=1024:2048");
    }

    @Test
    void findsTheDockerdListeningOnTheClientsSocketAmongSeveral() throws IOException {
      FakeHost host = FakeHost.fromFixture(root);
      host.write("proc/500/comm", "dockerd\n");
      host.write("proc/500/cmdline", "dockerd\0-H\0fd://\0--containerd=/run/containerd/containerd.sock\0");
      host.write("proc/501/comm", "bash\n");
      host.write("proc/501/cmdline", "dockerd\0");
      HostFs fs = new HostFs(root);
      assertThat(DockerdCommandLine.find(fs, FakeHost.SOCKET, Optional.of("/tmp/blm/data")))
          .hasValueSatisfying(c -> assertThat(c.pid()).isEqualTo(28434));
      assertThat(DockerdCommandLine.find(fs, new DockerHost.Unix(Path.of("/var/run/docker.sock")), Optional.empty()))
          .hasValueSatisfying(c -> assertThat(c.pid()).isEqualTo(500));
    }
  }

  @Nested
  class Settings {
    DaemonReader.Result read(Optional<DockerdCommandLine> c) {
      return DaemonReader.read(Optional.of(new HostFs(root)), c, FakeHost.read("info.json"),
          FakeHost.read("version.json"), Location.field("docker info", ""));
    }

    @Test
    void theEnginesOwnReportFillsWhatNoFlagSets() {
      DaemonSettings s = read(Optional.empty()).settings();
      assertThat(s.version()).contains("20.10.24+dfsg1");
      assertThat(s.containerdVersion()).contains("1.6.20~ds1");
      assertThat(s.runcVersion()).contains("1.1.5+ds1");
      assertThat(s.hosts()).isEmpty(); // no command line: unknown, not the default
      assertThat(s.insecureRegistries()).isEmpty(); // 127.0.0.0/8 is always there
      assertThat(s.seccompProfile()).contains("default");
      assertThat(s.rootless()).contains(false);
      assertThat(s.storageDriver()).contains("overlay2");
      assertThat(s.authorizationPlugins()).isEmpty();
    }

    @Test
    void daemonJsonWithItsLinesAndTheFlagsBeforeIt() {
      new FakeHost.Writer(root).write("etc/docker/daemon.json", """
          {
            "icc": false,
            "hosts": ["tcp://0.0.0.0:2376"],
            "tlsverify": true,
            "tlscacert": "/etc/docker/ca.pem",
            "insecure-registries": ["registry.local:5000"],
            "userns-remap": "default",
            "default-ulimits": {"nofile": {"Name": "nofile", "Soft": 64000, "Hard": 64000}},
            "authorization-plugins": ["authz-broker"],
            "log-level": "info"
          }
          """);
      DaemonReader.Result result = read(Optional.of(cmd("dockerd", "-H", "fd://", "--log-level", "warn")));
      DaemonSettings s = result.settings();
      assertThat(s.icc()).contains(false);
      assertThat(s.hosts()).containsExactly("fd://", "tcp://0.0.0.0:2376");
      assertThat(s.tls()).isTrue();
      assertThat(s.tlsVerify()).isTrue();
      assertThat(s.insecureRegistries()).containsExactly("registry.local:5000");
      assertThat(s.usernsRemap()).contains("default");
      assertThat(s.defaultUlimits()).containsExactly(new Ulimit("nofile", 64000, 64000));
      assertThat(s.authorizationPlugins()).containsExactly("authz-broker");
      assertThat(s.logLevel()).contains("warn");
      assertThat(s.other()).containsEntry("tlscacert", "/etc/docker/ca.pem");
      assertThat(result.provenance().of("icc")).isEqualTo(Location.line("/etc/docker/daemon.json", 2, "icc"));
      assertThat(result.provenance().of("usernsRemap").line()).contains(7);
      assertThat(result.provenance().of("logLevel")).isEqualTo(Location.field("/proc/77/cmdline", "--log-level"));
    }

    @Test
    void theConfigFileFlagNamesAnotherFile() {
      new FakeHost.Writer(root).write("srv/dockerd.json", "{\"live-restore\": true, \"no-new-privileges\": true}");
      DaemonSettings s = read(Optional.of(cmd("dockerd", "--config-file", "/srv/dockerd.json"))).settings();
      assertThat(s.noNewPrivileges()).contains(true);
      assertThat(s.liveRestore()).contains(false); // the Engine's report of what took effect wins
      assertThat(s.hosts()).containsExactly(DaemonReader.DEFAULT_HOST);
    }

    @Test
    void insecureRegistriesTheEngineReports() {
      ObjectNode info = (ObjectNode) FakeHost.read("info.json");
      ((com.fasterxml.jackson.databind.node.ArrayNode) info.path("RegistryConfig").path("InsecureRegistryCIDRs"))
          .add("10.0.0.0/8");
      ((ObjectNode) info.path("RegistryConfig").path("IndexConfigs")).putObject("reg.example:5000")
          .put("Secure", false);
      DaemonSettings s = DaemonReader.read(Optional.empty(), Optional.empty(), info, FakeHost.read("version.json"),
          Location.field("docker info", "")).settings();
      assertThat(s.insecureRegistries()).containsExactly("10.0.0.0/8", "reg.example:5000");
    }

    @Test
    void aMalformedDaemonJsonIsAnErrorWithItsLine() {
      new FakeHost.Writer(root).write("etc/docker/daemon.json", "{\n  \"icc\": false,\n  oops\n}\n");
      assertThatThrownBy(() -> read(Optional.empty())).isInstanceOf(InputException.class)
          .hasMessageContaining("/etc/docker/daemon.json:3");
    }
  }
}
