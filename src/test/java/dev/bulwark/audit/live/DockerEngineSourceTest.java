package dev.bulwark.audit.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.KernelView;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.AuditContext;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live source over a host tree and Engine answers captured from a real dockerd 20.10 (cgroup v1)
 * running four containers: SYS_ADMIN added, fully hardened, host pid namespace, docker.sock mounted.
 * Expected results beside the input; regenerate with {@code -Dbulwark.updateGolden=true}.
 */
class DockerEngineSourceTest {
  @TempDir
  Path root;
  FakeHost host;

  @BeforeEach
  void setUp() throws IOException {
    host = FakeHost.fromFixture(root);
  }

  List<Subject> load(String target) {
    return host.load(target);
  }

  ContainerSettings container(List<Subject> subjects, String name) {
    return subjects.stream().filter(s -> s instanceof Subject.Container c && c.ref().name().equals(name))
        .map(s -> ((Subject.Container) s).settings()).findFirst().orElseThrow();
  }

  @Nested
  class Everything {
    @Test
    void readsTheDaemonTheHostAndEveryRunningContainer() {
      List<Subject> subjects = load("docker:");
      assertThat(subjects).extracting(s -> s.ref().kind() + " " + s.ref().name()).containsExactly(
          "daemon unix:///tmp/blm/docker.sock", "host vm", "docker-container hardened",
          "docker-container hostpid", "docker-container sock", "docker-container sysadmin");
    }

    @Test
    void matchesTheExpectedContainersAndDaemon() throws IOException {
      List<Subject> subjects = load("docker:");
      Object containers = subjects.stream().filter(s -> s instanceof Subject.Container).toList();
      Object daemon = subjects.getFirst();
      golden("expected-containers.json", containers);
      golden("expected-daemon.json", daemon);
    }

    private void golden(String name, Object value) throws IOException {
      String actual = Json.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value) + "\n";
      Path expected = FakeHost.FIXTURE.resolve(name);
      if (Boolean.getBoolean("bulwark.updateGolden")) {
        Files.writeString(expected, actual, StandardCharsets.UTF_8);
      }
      assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    }
  }

  @Nested
  class KernelFacts {
    @Test
    void anAddedCapabilityIsInTheEffectiveSet() {
      KernelView kernel = container(load("docker:"), "sysadmin").kernel().orElseThrow();
      assertThat(kernel.capEffective()).contains("SYS_ADMIN").hasSize(15);
      assertThat(kernel.discrepancies()).isEmpty();
    }

    @Test
    void theHardenedContainerHasNoCapabilitiesNoNewPrivilegesAndLimits() {
      ContainerSettings hardened = container(load("docker:"), "hardened");
      KernelView kernel = hardened.kernel().orElseThrow();
      assertThat(kernel.capEffective()).isEmpty();
      assertThat(kernel.capBounding()).isEmpty();
      assertThat(kernel.noNewPrivs()).isTrue();
      assertThat(kernel.seccompMode()).isEqualTo("filter");
      assertThat(kernel.memoryLimitBytes()).contains(64L << 20);
      assertThat(kernel.pidsLimit()).contains(64L);
      assertThat(kernel.cpuLimit()).isEmpty();
      assertThat(kernel.mounts().getFirst()).satisfies(m -> {
        assertThat(m.mountPoint()).isEqualTo("/");
        assertThat(m.readOnly()).isTrue();
        assertThat(m.fsType()).isEqualTo("overlay");
      });
      assertThat(hardened.uid()).contains(1000L);
      assertThat(kernel.discrepancies()).isEmpty();
    }

    @Test
    void theHostPidNamespaceIsSharedAndNoOtherIs() {
      KernelView kernel = container(load("docker:"), "hostpid").kernel().orElseThrow();
      assertThat(kernel.sharedWithHost()).containsEntry("pid", true).containsEntry("net", false)
          .containsEntry("mnt", false).containsEntry("user", true).containsEntry("cgroup", true);
      assertThat(kernel.userNamespace()).isFalse();
      assertThat(kernel.uidMap()).isEqualTo("0 0 4294967295");
    }

    @Test
    void theMountedDockerSocketIsInMountinfoAndTheApi() {
      ContainerSettings sock = container(load("docker:"), "sock");
      assertThat(sock.mounts()).singleElement().satisfies(m -> {
        assertThat(m.source()).isEqualTo("/tmp/blm/docker.sock");
        assertThat(m.target()).isEqualTo("/var/run/docker.sock");
        assertThat(m.type()).isEqualTo("bind");
      });
      assertThat(sock.kernel().orElseThrow().mounts()).anySatisfy(m -> {
        assertThat(m.mountPoint()).isEqualTo("/var/run/docker.sock");
        assertThat(m.root()).isEqualTo("/tmp/blm/docker.sock");
        assertThat(m.readOnly()).isFalse();
      });
    }
  }

  @Nested
  class OneContainer {
    @Test
    void byNameYieldsThatContainerAlone() {
      List<Subject> subjects = load("docker:hardened");
      assertThat(subjects).singleElement().satisfies(s -> assertThat(s.ref().name()).isEqualTo("hardened"));
    }
  }

  @Nested
  class Targets {
    final DockerEngineSource source = new DockerEngineSource();
    final AuditContext context = new AuditContext(Map.of(), SourceOptions.defaults(Map.of()), Path.of("/"));

    @Test
    void theEngineAndOneContainer() {
      assertThat(source.accepts("docker:", context)).isTrue();
      assertThat(source.accepts("docker:web-1", context)).isTrue();
      assertThat(source.accepts("docker:5678cf3d8c9d", context)).isTrue();
    }

    @Test
    void notImagesOrFiles() {
      assertThat(source.accepts("docker:nginx:1.25", context)).isFalse();
      assertThat(source.accepts("docker:library/nginx", context)).isFalse();
      assertThat(source.accepts("Dockerfile", context)).isFalse();
      assertThat(source.accepts("docker-archive:x.tar", context)).isFalse();
    }

    @Test
    void aRemoteEngineIsNotLocal() {
      assertThat(DockerEngineSource.isLocal(new dev.bulwark.image.docker.DockerHost.Tcp("10.0.0.5", 2375))).isFalse();
      assertThat(DockerEngineSource.isLocal(new dev.bulwark.image.docker.DockerHost.Tcp("127.0.0.1", 2375))).isTrue();
    }
  }
}
