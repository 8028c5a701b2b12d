package dev.bulwark.audit.source.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.Capabilities;
import dev.bulwark.audit.source.Fixtures;
import dev.bulwark.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runtime configs as {@code runc spec} (1.1.5), {@code runc spec --rootless}, {@code crun spec} (1.8.1)
 * and {@code umoci unpack} (0.4.7) wrote them, and a hardened variant of runc's.
 */
class OciRuntimeSourceTest {
  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(Fixtures.path("oci"))) {
      return dirs.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  static Subject.Container load(String ociCase) {
    List<Subject> subjects = new OciRuntimeSource().loadFile(Fixtures.path("oci/" + ociCase + "/config.json"));
    assertThat(subjects).hasSize(1);
    return (Subject.Container) subjects.getFirst();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.bulwark.audit.source.oci.OciRuntimeSourceTest#cases")
  void readsEachConfigAsExpected(String ociCase) {
    Fixtures.assertGolden(load(ociCase), Fixtures.path("oci/" + ociCase + "/expected.json"));
  }

  @Nested
  class Defaults {
    @Test
    void runcSpecKeepsThreeCapabilitiesAndSharesUserAndCgroupNamespacesWithTheHost() {
      Subject.Container runc = load("runc-spec");
      ContainerSettings s = runc.settings();
      assertThat(runc.ref().kind()).isEqualTo("oci-runtime");
      assertThat(runc.ref().name()).isEqualTo("runc-spec");
      assertThat(s.user()).contains("0:0");
      assertThat(s.uid()).contains(0L);
      assertThat(s.capabilities().effective()).containsExactly("KILL", "NET_BIND_SERVICE", "AUDIT_WRITE");
      assertThat(s.capabilities().drop()).contains("CHOWN", "NET_RAW").doesNotContain("KILL");
      assertThat(s.capabilities().add()).isEmpty();
      assertThat(s.noNewPrivileges()).contains(true);
      assertThat(s.readOnlyRootFilesystem()).isTrue();
      assertThat(s.seccomp()).contains("unconfined");
      assertThat(s.apparmor()).contains("unconfined");
      assertThat(s.namespaces()).isEqualTo(new ContainerSettings.Namespaces("private", "private", "private", "private",
          "host", "host"));
      assertThat(s.maskedPaths().orElseThrow()).contains("/proc/kcore");
      assertThat(s.resources().ulimits()).containsExactly(new ContainerSettings.Ulimit("nofile", 1024, 1024));
      assertThat(s.devices()).isEmpty();
      assertThat(s.command()).contains("sh");
      assertThat(runc.provenance().of("seccomp").field()).isEqualTo("linux");
      assertThat(runc.provenance().of("namespaces.user").line()).isPresent();
    }

    @Test
    void crunSpecMatchesRuncSpec() {
      assertThat(load("crun-spec").settings()).usingRecursiveComparison().ignoringFields("name")
          .isEqualTo(load("runc-spec").settings());
    }

    @Test
    void rootlessSpecHasAUserNamespaceButTheHostNetwork() {
      ContainerSettings s = load("runc-spec-rootless").settings();
      assertThat(s.namespaces().user()).isEqualTo("private");
      assertThat(s.namespaces().network()).isEqualTo("host");
      assertThat(s.mounts()).contains(new Mount("bind", "/sys", "/sys", true, Optional.empty()));
    }

    @Test
    void umociKeepsTheImageConfiguration() {
      ContainerSettings s = load("umoci-unpack").settings();
      assertThat(s.user()).contains("1000:1000");
      assertThat(s.env()).contains(new ContainerSettings.EnvVar("FOO", Optional.of("bar"), false));
      assertThat(s.command()).contains("/bin/app");
      assertThat(s.readOnlyRootFilesystem()).isFalse();
      assertThat(s.capabilities().effective()).containsExactly("KILL", "NET_BIND_SERVICE", "AUDIT_WRITE");
    }
  }

  @Nested
  class Hardened {
    @Test
    void everyRestrictionIsRead() {
      ContainerSettings s = load("hardened").settings();
      assertThat(s.uid()).contains(1000L);
      assertThat(s.capabilities().effective()).containsExactly("NET_BIND_SERVICE");
      assertThat(s.seccomp()).contains("custom");
      assertThat(s.apparmor()).contains("bulwark-hardened");
      assertThat(s.selinuxOptions()).containsExactly("user:system_u", "role:system_r", "type:container_t",
          "level:s0:c12,c34");
      assertThat(s.namespaces().user()).isEqualTo("private");
      assertThat(s.namespaces().cgroup()).isEqualTo("private");
      assertThat(s.resources().memoryBytes()).contains(268435456L);
      assertThat(s.resources().pidsLimit()).contains(128L);
      assertThat(s.resources().cpus()).contains(0.5);
      assertThat(s.resources().cpuShares()).contains(512L);
      assertThat(s.mounts()).contains(new Mount("bind", "/srv/data", "/data", true, Optional.of("rprivate")));
      assertThat(s.sysctls()).containsEntry("net.ipv4.ip_unprivileged_port_start", "1024");
    }
  }

  @Nested
  class Certainties {
    private ContainerSettings read(String json) {
      return OciRuntimeSource.read(json.getBytes(StandardCharsets.UTF_8), "config.json", "bundle").settings();
    }

    @Test
    void noCapabilitiesObjectLeavesEveryCapability() {
      ContainerSettings s = read("{\"ociVersion\":\"1.0.2\",\"process\":{\"user\":{\"uid\":0,\"gid\":0}}}");
      assertThat(s.capabilities().effective()).containsExactlyElementsOf(Capabilities.ALL);
      assertThat(s.noNewPrivileges()).contains(false);
      assertThat(s.maskedPaths()).contains(List.of());
      assertThat(s.namespaces()).isEqualTo(new ContainerSettings.Namespaces("host", "host", "host", "host", "host",
          "host", "host"));
    }

    @Test
    void joinedNamespacesAndDeviceRules() {
      ContainerSettings s = read("""
          {"ociVersion":"1.0.2","linux":{"namespaces":[{"type":"network","path":"/proc/42/ns/net"}],
           "resources":{"devices":[{"allow":true,"access":"rwm"}]},
           "seccomp":{"defaultAction":"SCMP_ACT_ALLOW"}}}""");
      assertThat(s.namespaces().network()).isEqualTo("container:/proc/42/ns/net");
      assertThat(s.devices()).containsExactly(new ContainerSettings.Device("*", "*", "rwm"));
      assertThat(s.seccomp()).contains("unconfined");
    }

    @Test
    void notARuntimeConfig() {
      assertThatThrownBy(() -> read("{\"schemaVersion\":2}")).isInstanceOf(InputException.class)
          .hasMessage("config.json:1: not an OCI runtime configuration (no ociVersion)");
    }
  }

  /** Generates the configs with the installed tools, so new tool versions are read too. */
  @Nested
  @Tag("system")
  class GeneratedNow {
    @Test
    void specsOfTheInstalledRuntimesLoad(@TempDir Path work) throws IOException {
      Tools.assumeTools("runc", "crun");
      for (String runtime : List.of("runc", "crun")) {
        Path bundle = Files.createDirectories(work.resolve(runtime));
        Tools.run(Duration.ofMinutes(1), bundle, runtime, "spec");
        List<Subject> subjects = new OciRuntimeSource().loadFile(bundle.resolve("config.json"));
        ContainerSettings s = ((Subject.Container) subjects.getFirst()).settings();
        assertThat(s.capabilities().effective()).as(runtime).contains("KILL").doesNotContain("SYS_ADMIN");
        assertThat(s.namespaces().pid()).as(runtime).isEqualTo("private");
      }
    }
  }
}
