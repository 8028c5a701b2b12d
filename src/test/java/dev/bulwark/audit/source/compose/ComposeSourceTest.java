package dev.bulwark.audit.source.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.ContainerSettings.Port;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.Capabilities;
import dev.bulwark.audit.source.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ComposeSourceTest {
  private static final String ALL = "src/test/resources/audit/source/compose/all-fields/compose.yaml";

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(Fixtures.path("compose"))) {
      return dirs.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  static Path file(String composeCase) throws IOException {
    try (Stream<Path> files = Files.list(Fixtures.path("compose/" + composeCase))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).findFirst().orElseThrow();
    }
  }

  static Map<String, Subject.Container> services(String composeCase) throws IOException {
    Map<String, Subject.Container> result = new java.util.LinkedHashMap<>();
    for (Subject subject : new ComposeSource().loadFile(file(composeCase))) {
      result.put(subject.ref().name(), (Subject.Container) subject);
    }
    return result;
  }

  static List<Subject> read(String yaml) {
    return ComposeSource.read(yaml.getBytes(StandardCharsets.UTF_8), "compose.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.bulwark.audit.source.compose.ComposeSourceTest#cases")
  void readsEachComposeFileAsExpected(String composeCase) throws IOException {
    Fixtures.assertGolden(new ComposeSource().loadFile(file(composeCase)),
        Fixtures.path("compose/" + composeCase + "/expected.json"));
  }

  @Nested
  class RealFiles {
    @Test
    void portainerMountsTheDockerSocket() throws IOException {
      Subject.Container portainer = services("awesome-portainer").get("portainer");
      assertThat(portainer.settings().mounts()).contains(
          new Mount("bind", "/var/run/docker.sock", "/var/run/docker.sock", false, Optional.empty()),
          new Mount("volume", "portainer_data", "/data", false, Optional.empty()));
      assertThat(portainer.settings().ports()).containsExactly(new Port(9000, Optional.of(9000), "", "tcp"));
      assertThat(portainer.ref().line()).contains(3);
      assertThat(portainer.provenance().of("mounts[0]").line()).contains(10);
    }

    @Test
    void netdataAddsPtraceAndLeavesAppArmorUnconfinedWithTheLegacyColon() throws IOException {
      ContainerSettings netdata = services("awesome-netdata").get("netdata").settings();
      assertThat(netdata.capabilities().add()).containsExactly("SYS_PTRACE");
      assertThat(netdata.capabilities().effective()).contains("SYS_PTRACE", "CHOWN").hasSize(15);
      assertThat(netdata.apparmor()).contains("unconfined");
      assertThat(netdata.mounts()).filteredOn(m -> m.source().equals("/proc")).singleElement()
          .extracting(Mount::readOnly).isEqualTo(true);
    }

    @Test
    void unsetVariablesStayAsWritten() throws IOException {
      ContainerSettings pihole = services("awesome-pihole").get("pihole").settings();
      assertThat(pihole.env()).contains(new ContainerSettings.EnvVar("WEBPASSWORD", Optional.of("${PIHOLE_PW}"),
          false));
      assertThat(pihole.image()).contains("pihole/pihole:latest");
      assertThat(pihole.ports()).hasSize(5).contains(new Port(67, Optional.of(67), "", "udp"));
    }

    @Test
    void longVolumeSyntaxAndHealthcheck() throws IOException {
      Map<String, Subject.Container> services = services("awesome-nginx-golang-postgres");
      assertThat(services.keySet()).containsExactly("backend", "db", "proxy");
      assertThat(services.get("proxy").settings().mounts()).containsExactly(
          new Mount("bind", "./proxy/nginx.conf", "/etc/nginx/conf.d/default.conf", true, Optional.empty()));
      assertThat(services.get("db").settings().healthcheck().orElseThrow().test()).containsExactly("CMD", "pg_isready");
      assertThat(services.get("db").settings().user()).contains("postgres");
      assertThat(services.get("db").settings().ports()).isEmpty();
      assertThat(services.get("backend").settings().image()).isEmpty();
    }
  }

  @Nested
  class EveryField {
    @Test
    void hardenedServiceWithMergedDefaults() throws IOException {
      Subject.Container hardened = services("all-fields").get("hardened");
      ContainerSettings s = hardened.settings();
      assertThat(s.readOnlyRootFilesystem()).isTrue();
      assertThat(s.capabilities().drop()).containsExactly("ALL");
      assertThat(s.capabilities().effective()).isEmpty();
      assertThat(s.noNewPrivileges()).contains(true);
      assertThat(s.resources().pidsLimit()).contains(100L);
      assertThat(s.resources().memoryBytes()).contains(512L << 20);
      assertThat(s.resources().cpus()).contains(0.5);
      assertThat(s.resources().cpuShares()).contains(512L);
      assertThat(s.resources().ulimits()).containsExactly(new ContainerSettings.Ulimit("nproc", 512, 512),
          new ContainerSettings.Ulimit("nofile", 1024, 2048));
      assertThat(s.user()).contains("1000:1000");
      assertThat(s.uid()).contains(1000L);
      assertThat(s.gid()).contains(1000L);
      assertThat(s.imageDigest()).contains("sha256:0b4c3b0e1c9a3e2bd37e1ed36b0d1c84f6d2fd4b8c1ab8ec1f8d2d0b1b7cf1a2");
      assertThat(s.logDriver()).contains("json-file");
      assertThat(s.healthcheck().orElseThrow().test())
          .containsExactly("CMD-SHELL", "curl -fsS http://localhost:8080/health || exit 1");
      assertThat(s.restartPolicy()).contains(new ContainerSettings.RestartPolicy("on-failure", 5));
      assertThat(s.env()).containsExactly(new ContainerSettings.EnvVar("LOG_LEVEL", Optional.of("info"), false),
          new ContainerSettings.EnvVar("API_TOKEN", Optional.of("${API_TOKEN}"), false),
          new ContainerSettings.EnvVar("EMPTY", Optional.empty(), false));
      assertThat(s.ports()).containsExactly(new Port(8080, Optional.of(8080), "127.0.0.1", "tcp"),
          new Port(9090, Optional.of(9091), "10.0.0.1", "udp"));
      assertThat(s.command()).contains("/app/server --port 8080");
      assertThat(s.mounts()).containsExactly(new Mount("tmpfs", "", "/tmp", false, Optional.empty()));
      // The merged setting is cited where the anchor wrote it.
      assertThat(hardened.provenance().of("readOnlyRootFilesystem")).isEqualTo(Location.line(ALL, 3,
          "services.hardened.read_only"));
      assertThat(hardened.provenance().of("resources.memoryBytes").line()).contains(18);
    }

    @Test
    void riskyServiceSharesEverythingWithTheHost() throws IOException {
      Subject.Container risky = services("all-fields").get("risky");
      ContainerSettings s = risky.settings();
      assertThat(s.image()).contains("nginx:latest");
      assertThat(s.privileged()).isTrue();
      assertThat(s.capabilities().effective()).containsExactlyElementsOf(Capabilities.ALL);
      assertThat(s.capabilities().add()).containsExactly("SYS_ADMIN", "NET_ADMIN");
      assertThat(s.namespaces()).isEqualTo(new ContainerSettings.Namespaces("host", "host", "host", "host", "host",
          "host"));
      assertThat(s.seccomp()).contains("unconfined");
      assertThat(s.apparmor()).contains("unconfined");
      assertThat(s.selinuxOptions()).containsExactly("disable");
      assertThat(s.maskedPaths()).contains(List.of());
      assertThat(s.readonlyPaths()).contains(List.of());
      assertThat(s.mounts()).containsExactly(
          new Mount("bind", "/var/run/docker.sock", "/var/run/docker.sock", false, Optional.empty()),
          new Mount("bind", "/", "/host", true, Optional.of("rslave")),
          new Mount("bind", "./data", "/data", false, Optional.empty()),
          new Mount("volume", "cache", "/cache", true, Optional.empty()),
          new Mount("volume", "", "/anonymous", false, Optional.empty()),
          new Mount("bind", "/etc", "/host-etc", false, Optional.of("rshared")),
          new Mount("tmpfs", "", "/run", false, Optional.empty()));
      assertThat(s.devices()).containsExactly(new ContainerSettings.Device("/dev/kmsg", "/dev/kmsg", "rwm"),
          new ContainerSettings.Device("/dev/sda", "/dev/xvda", "r"));
      assertThat(s.sysctls()).containsExactlyInAnyOrderEntriesOf(Map.of("net.ipv4.ip_forward", "1", "kernel.msgmax",
          "65536"));
      assertThat(s.env()).containsExactly(
          new ContainerSettings.EnvVar("AWS_SECRET_ACCESS_KEY", Optional.of("${NOT_INTERPOLATED}"), false),
          new ContainerSettings.EnvVar("HOME", Optional.empty(), false));
      assertThat(s.ports()).containsExactly(
          new Port(22, Optional.of(2222), "", "tcp"),
          new Port(53, Optional.of(5353), "::1", "udp"),
          new Port(7000, Optional.of(6000), "", "tcp"),
          new Port(7001, Optional.of(6001), "", "tcp"),
          new Port(7002, Optional.of(6002), "", "tcp"),
          new Port(8000, Optional.of(0), "", "tcp"),
          new Port(9000, Optional.of(0), "", "tcp"));
      assertThat(s.healthcheck().orElseThrow().disabled()).isTrue();
      assertThat(s.runtime()).contains("runc");
      assertThat(risky.provenance().of("capabilities.effective")).isEqualTo(risky.provenance().of("privileged"));
      assertThat(risky.provenance().of("namespaces.pid")).isEqualTo(Location.line(ALL, 48, "services.risky.pid"));
    }

    @Test
    void deployLimitsAndSharedNamespaces() throws IOException {
      ContainerSettings s = services("all-fields").get("deployed").settings();
      assertThat(s.namespaces().network()).isEqualTo("container:hardened");
      assertThat(s.namespaces().pid()).isEqualTo("container:abc123");
      assertThat(s.namespaces().user()).isEqualTo("host");
      assertThat(s.resources().memoryBytes()).contains(1L << 30);
      assertThat(s.resources().cpus()).contains(1.5);
      assertThat(s.resources().pidsLimit()).contains(64L);
      assertThat(s.restartPolicy()).contains(new ContainerSettings.RestartPolicy("on-failure", 3));
      assertThat(s.healthcheck().orElseThrow().disabled()).isTrue();
      assertThat(s.sysctls()).containsEntry("net.core.somaxconn", "1024");
      assertThat(s.command()).contains("sh -c \"sleep 1000\"");
      assertThat(s.capabilities().effective()).containsExactlyElementsOf(Capabilities.RUNTIME_DEFAULT.stream()
          .sorted(java.util.Comparator.comparingInt(Capabilities.ALL::indexOf)).toList());
    }
  }

  @Nested
  class Interpolation_ {
    @Test
    void defaultsAreResolvedAndEverythingElseKept() {
      assertThat(Interpolation.interpolate("${A:-x}/${B-y}/${C}/$D/$${E}/${F:?need}/${G:+alt}/${H:-${I:-deep}}"))
          .isEqualTo("x/y/${C}/$D/${E}/${F:?need}/${G:+alt}/deep");
    }
  }

  @Nested
  class Malformed {
    @Test
    void errorsNameFileLineAndField() {
      assertThatThrownBy(() -> read("services:\n  web:\n    privileged: maybe\n")).isInstanceOf(InputException.class)
          .hasMessage("compose.yaml:3: services.web.privileged: expected true or false, got \"maybe\"");
      assertThatThrownBy(() -> read("services:\n  web:\n    mem_limit: lots\n"))
          .hasMessageStartingWith("compose.yaml:3: services.web.mem_limit: expected a size");
      assertThatThrownBy(() -> read("services:\n  web:\n    ports: [\"80:abc\"]\n"))
          .hasMessage("compose.yaml:3: services.web.ports[0]: malformed port \"abc\"");
      assertThatThrownBy(() -> read("services:\n  - web\n")).hasMessageContaining("services must be a mapping");
      assertThatThrownBy(() -> read("services:\n  web: nginx\n"))
          .hasMessage("compose.yaml:2: services.web: a service must be a mapping");
    }
  }
}
