package dev.bulwark.audit.source.dockerinspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.InputException;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.ContainerSettings.Port;
import dev.bulwark.audit.model.ImageSettings;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.Capabilities;
import dev.bulwark.audit.source.Fixtures;
import dev.bulwark.io.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code docker inspect} of containers Docker 20.10 created with different settings (containers.json)
 * and of their image (images.json).
 */
class DockerInspectSourceTest {
  private static final String FILE = "src/test/resources/audit/source/docker-inspect/containers.json";

  static Map<String, Subject.Container> containers() {
    Map<String, Subject.Container> result = new LinkedHashMap<>();
    for (Subject subject : new DockerInspectSource().loadFile(Fixtures.path("docker-inspect/containers.json"))) {
      result.put(subject.ref().name(), (Subject.Container) subject);
    }
    return result;
  }

  static ContainerSettings settings(String name) {
    return containers().get(name).settings();
  }

  @Test
  void readsContainersAndImagesAsExpected() {
    Fixtures.assertGolden(new DockerInspectSource().loadFile(Fixtures.path("docker-inspect/containers.json")),
        Fixtures.path("docker-inspect/containers.expected.json"));
    Fixtures.assertGolden(new DockerInspectSource().loadFile(Fixtures.path("docker-inspect/images.json")),
        Fixtures.path("docker-inspect/images.expected.json"));
  }

  @Test
  void containersAreNamedWithTheirIdsAndLines() {
    Map<String, Subject.Container> all = containers();
    assertThat(all.keySet()).containsExactly("plain", "privileged", "sysadmin", "hardened", "unmasked", "ports",
        "seccompfile");
    Subject.Container plain = all.get("plain");
    assertThat(plain.ref().kind()).isEqualTo("docker-container");
    assertThat(plain.ref().id().orElseThrow()).startsWith("d98dcc5781ff");
    assertThat(plain.ref().line()).contains(2);
  }

  @Nested
  class Settings {
    @Test
    void aPlainContainerHasDockerDefaults() {
      ContainerSettings s = settings("plain");
      assertThat(s.image()).contains("demo:1");
      assertThat(s.imageDigest()).hasValueSatisfying(d -> assertThat(d).startsWith("sha256:b6609f8a3fbb"));
      assertThat(s.user()).contains("65532");
      assertThat(s.capabilities().effective()).hasSize(14);
      assertThat(s.maskedPaths().orElseThrow()).contains("/proc/kcore");
      assertThat(s.namespaces()).isEqualTo(new ContainerSettings.Namespaces("private", "private", "private", "private",
          "host", "host"));
      assertThat(s.resources()).isEqualTo(ContainerSettings.Resources.unlimited());
      assertThat(s.runtime()).contains("runc");
      assertThat(s.logDriver()).contains("json-file");
      assertThat(s.restartPolicy()).contains(new ContainerSettings.RestartPolicy("no", 0));
      assertThat(s.command()).contains("/usr/bin/java -jar /app/lib/log4j-core-2.14.1.jar");
    }

    @Test
    void privilegedWithTheDockerSocketAndHostNamespaces() {
      Subject.Container privileged = containers().get("privileged");
      ContainerSettings s = privileged.settings();
      assertThat(s.privileged()).isTrue();
      assertThat(s.capabilities().effective()).containsExactlyElementsOf(Capabilities.ALL);
      assertThat(s.maskedPaths()).contains(List.of());
      assertThat(s.namespaces().pid()).isEqualTo("host");
      assertThat(s.namespaces().network()).isEqualTo("host");
      assertThat(s.mounts()).containsExactly(
          new Mount("bind", "/var/run/docker.sock", "/var/run/docker.sock", false, Optional.of("rprivate")));
      assertThat(privileged.provenance().of("privileged").line()).isPresent();
      assertThat(privileged.provenance().of("privileged").field()).isEqualTo("[1].HostConfig.Privileged");
    }

    @Test
    void addedCapabilitiesAndUnconfinedProfiles() {
      ContainerSettings s = settings("sysadmin");
      assertThat(s.capabilities().add()).containsExactly("SYS_ADMIN");
      assertThat(s.capabilities().drop()).containsExactly("NET_RAW");
      assertThat(s.capabilities().effective()).contains("SYS_ADMIN").doesNotContain("NET_RAW").hasSize(14);
      assertThat(s.seccomp()).contains("unconfined");
      assertThat(s.apparmor()).contains("unconfined");
      assertThat(s.selinuxOptions()).containsExactly("disable");
      assertThat(s.mounts()).contains(new Mount("bind", "/", "/host", true, Optional.of("rslave")),
          new Mount("volume", "data", "/data", false, Optional.empty()));
      assertThat(s.devices()).containsExactly(new ContainerSettings.Device("/dev/null", "/dev/xnull", "r"));
      assertThat(s.namespaces().ipc()).isEqualTo("host");
      assertThat(s.namespaces().uts()).isEqualTo("host");
      assertThat(s.restartPolicy()).contains(new ContainerSettings.RestartPolicy("on-failure", 3));
      assertThat(s.resources().ulimits()).containsExactly(new ContainerSettings.Ulimit("nofile", 1024, 2048));
      assertThat(s.sysctls()).containsEntry("net.ipv4.ip_forward", "1");
      assertThat(s.env()).contains(new ContainerSettings.EnvVar("API_TOKEN", Optional.of("s3cr3t"), false));
    }

    @Test
    void aHardenedContainer() {
      ContainerSettings s = settings("hardened");
      assertThat(s.readOnlyRootFilesystem()).isTrue();
      assertThat(s.capabilities().drop()).containsExactly("ALL");
      assertThat(s.capabilities().effective()).isEmpty();
      assertThat(s.noNewPrivileges()).contains(true);
      assertThat(s.resources().pidsLimit()).contains(100L);
      assertThat(s.resources().memoryBytes()).contains(256L << 20);
      assertThat(s.resources().memorySwapBytes()).contains(256L << 20);
      assertThat(s.resources().cpus()).contains(0.5);
      assertThat(s.resources().cpuShares()).contains(512L);
      assertThat(s.user()).contains("1000:1000");
      assertThat(s.mounts()).containsExactly(new Mount("tmpfs", "", "/tmp", false, Optional.empty()));
      assertThat(s.healthcheck()).contains(new ContainerSettings.Healthcheck(List.of("CMD-SHELL", "true"), false));
      assertThat(s.logDriver()).contains("none");
    }

    @Test
    void unmaskedPathsQuotaAndExplicitHostUserNamespace() {
      ContainerSettings s = settings("unmasked");
      assertThat(s.maskedPaths()).contains(List.of());
      assertThat(s.readonlyPaths()).contains(List.of());
      assertThat(s.resources().pidsLimit()).isEmpty();
      assertThat(s.resources().cpus()).contains(0.5);
      assertThat(s.namespaces().user()).isEqualTo("host");
      assertThat(containers().get("unmasked").provenance().exactly("namespaces.user")).isPresent();
      assertThat(containers().get("plain").provenance().exactly("namespaces.user")).isEmpty();
      assertThat(s.mounts()).containsExactly(new Mount("bind", "/etc", "/hostetc", true, Optional.of("rshared")));
      assertThat(s.healthcheck().orElseThrow().disabled()).isTrue();
    }

    @Test
    void publishedPorts() {
      ContainerSettings s = settings("ports");
      assertThat(s.ports()).containsExactlyInAnyOrder(
          new Port(22, Optional.of(2222), "", "tcp"),
          new Port(53, Optional.of(53), "", "udp"),
          new Port(80, Optional.of(8080), "127.0.0.1", "tcp"),
          new Port(9000, Optional.of(0), "", "tcp"),
          new Port(7000, Optional.of(0), "", "tcp"));
      assertThat(s.namespaces().network()).isEqualTo("private");
    }

    @Test
    void aSeccompProfileFileIsStoredInlineAndReadsAsCustom() {
      assertThat(settings("seccompfile").seccomp()).contains("custom");
    }
  }

  @Nested
  class Images {
    @Test
    void imageInspect() {
      List<Subject> images = new DockerInspectSource().loadFile(Fixtures.path("docker-inspect/images.json"));
      ImageSettings image = ((Subject.Image) images.getFirst()).settings();
      assertThat(image.name()).isEqualTo("demo:1");
      assertThat(image.user()).contains("65532");
      assertThat(image.history()).isEmpty();
    }
  }

  @Nested
  class FromTheEngineApi {
    @Test
    void aJacksonTreeMapsTheSameWithFieldPathsInsteadOfLines() throws Exception {
      JsonNode all = Json.mapper().readTree(Fixtures.bytes("docker-inspect/containers.json"));
      Subject.Container fromApi = DockerInspectMapper.container(all.get(1), "docker inspect privileged");
      assertThat(fromApi.settings()).isEqualTo(settings("privileged"));
      assertThat(fromApi.provenance().of("privileged"))
          .isEqualTo(new Location("docker inspect privileged", Optional.empty(), "HostConfig.Privileged"));
      assertThat(fromApi.ref().file()).isEmpty();
      assertThat(fromApi.ref().id()).isPresent();
    }
  }

  @Test
  void otherInspectObjectsAreErrors() {
    assertThatThrownBy(() -> DockerInspectSource.read("[{\"Name\":\"n1\",\"Id\":\"x\",\"Driver\":\"bridge\"}]"
        .getBytes(StandardCharsets.UTF_8), "net.json")).isInstanceOf(InputException.class)
        .hasMessageContaining("net.json:1: [0]: neither a container nor an image");
    assertThat(FILE).endsWith("containers.json");
  }
}
