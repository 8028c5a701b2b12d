package dev.bulwark.audit.source.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.ContainerSettings.Port;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.PodSettings;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KubernetesSourceTest {
  private static final String FILE = "src/test/resources/audit/source/kubernetes/all-fields/manifests.yaml";

  static Map<String, Subject> subjects() {
    Map<String, Subject> result = new LinkedHashMap<>();
    for (Subject subject : new KubernetesSource().loadFile(Fixtures.path("kubernetes/all-fields/manifests.yaml"))) {
      result.put(subject.ref().name(), subject);
    }
    return result;
  }

  static ContainerSettings container(String name) {
    return ((Subject.Container) subjects().get(name)).settings();
  }

  static List<Subject> read(String yaml) {
    return KubernetesSource.read(yaml.getBytes(StandardCharsets.UTF_8), "k.yaml");
  }

  @Test
  void readsTheManifestsAsExpected() {
    Fixtures.assertGolden(new KubernetesSource().loadFile(Fixtures.path("kubernetes/all-fields/manifests.yaml")),
        Fixtures.path("kubernetes/all-fields/expected.json"));
  }

  @Test
  void onePodAndOneContainerPerContainerNamedKindNamespaceName() {
    assertThat(subjects().keySet()).containsExactly(
        "Pod/prod/folded", "Pod/prod/folded/init", "Pod/prod/folded/app", "Pod/prod/folded/debugger",
        "CronJob/default/nightly", "CronJob/default/nightly/job",
        "PodTemplate/kube-system/template", "PodTemplate/kube-system/template/c");
    assertThat(subjects().get("Pod/prod/folded").ref().line()).contains(2);
    assertThat(subjects().get("CronJob/default/nightly").ref().line()).contains(119);
    assertThat(subjects().get("Pod/prod/folded/app").ref().line()).contains(47);
  }

  @Nested
  class PodLevel {
    @Test
    void podSettings() {
      PodSettings pod = ((Subject.Pod) subjects().get("Pod/prod/folded")).settings();
      assertThat(pod.hostPID()).isTrue();
      assertThat(pod.hostIPC()).isFalse();
      assertThat(pod.hostUsers()).contains(false);
      assertThat(pod.volumes()).containsExactly(new PodSettings.Volume("data", "emptyDir", Optional.empty()),
          new PodSettings.Volume("host-logs", "hostPath", Optional.of("/var/log")),
          new PodSettings.Volume("config", "configMap", Optional.empty()));
      assertThat(pod.sysctls()).containsEntry("net.ipv4.ip_local_port_range", "1024 65535");
      assertThat(pod.seccomp()).contains("runtime/default");
      assertThat(pod.selinuxOptions()).containsExactly("level:s0:c123,c456");
      assertThat(pod.runAsUser()).contains(1000L);
      assertThat(pod.runAsNonRoot()).contains(true);
      assertThat(pod.fsGroup()).contains(2000L);
      assertThat(pod.supplementalGroups()).containsExactly(4000L, 5000L);
      assertThat(pod.serviceAccountName()).contains("builder");
      assertThat(pod.automountServiceAccountToken()).contains(false);
      assertThat(pod.containers()).containsExactly("init", "app", "debugger");
      assertThat(subjects().get("Pod/prod/folded").provenance().of("hostPID"))
          .isEqualTo(Location.line(FILE, 11, "spec.hostPID"));
    }
  }

  @Nested
  class Folding {
    @Test
    void podDefaultsApplyAndContainerValuesWin() {
      ContainerSettings app = container("Pod/prod/folded/app");
      assertThat(app.user()).contains("1000");
      assertThat(app.uid()).contains(1000L);
      assertThat(app.gid()).contains(3000L);
      assertThat(app.runAsNonRoot()).contains(true);
      assertThat(app.seccomp()).contains("localhost/profiles/app.json");
      assertThat(app.selinuxOptions()).containsExactly("type:container_t");
      assertThat(app.apparmor()).contains("localhost/k8s-apparmor-example");
      ContainerSettings init = container("Pod/prod/folded/init");
      assertThat(init.uid()).contains(0L);
      assertThat(init.runAsNonRoot()).contains(false);
      assertThat(init.seccomp()).contains("runtime/default");
      assertThat(init.selinuxOptions()).containsExactly("level:s0:c123,c456");
      assertThat(init.apparmor()).isEmpty();
      assertThat(init.capabilities().effective()).containsExactly("CHOWN");
      assertThat(init.command()).contains("sh -c chown -R 1000 /data");
    }

    @Test
    void containerSecurityContext() {
      ContainerSettings app = container("Pod/prod/folded/app");
      assertThat(app.noNewPrivileges()).contains(true);
      assertThat(app.readOnlyRootFilesystem()).isTrue();
      assertThat(app.capabilities().effective()).containsExactly("NET_BIND_SERVICE");
      assertThat(app.imageDigest())
          .contains("sha256:3b4f8c6a6e5e6b0c4c7f0c0f9e6a3e1d2c5b4a39281706f5e4d3c2b1a0f9e8d7");
      ContainerSettings debugger = container("Pod/prod/folded/debugger");
      assertThat(debugger.privileged()).isTrue();
      assertThat(debugger.procMount()).contains("Unmasked");
      assertThat(debugger.maskedPaths()).contains(List.of());
      assertThat(debugger.apparmor()).contains("unconfined");
      assertThat(debugger.capabilities().effective()).hasSize(41);
    }

    @Test
    void namespacesFromThePod() {
      assertThat(container("Pod/prod/folded/app").namespaces())
          .isEqualTo(new ContainerSettings.Namespaces("host", "pod", "pod", "pod", "pod", "private"));
      assertThat(container("CronJob/default/nightly/job").namespaces())
          .isEqualTo(new ContainerSettings.Namespaces("private", "host", "pod", "host", "host", "private"));
    }

    @Test
    void mountsJoinVolumes() {
      assertThat(container("Pod/prod/folded/app").mounts()).containsExactly(
          new Mount("emptyDir", "data", "/var/lib/app", true, Optional.empty()),
          new Mount("hostPath", "/var/log", "/host/logs", false, Optional.of("rslave")),
          new Mount("configMap", "config", "/etc/app", false, Optional.empty()));
    }

    @Test
    void resourcesPortsEnvProbes() {
      ContainerSettings app = container("Pod/prod/folded/app");
      assertThat(app.resources().memoryBytes()).contains(512L << 20);
      assertThat(app.resources().cpus()).contains(0.5);
      assertThat(app.resources().pidsLimit()).isEmpty();
      assertThat(app.ports()).containsExactly(new Port(8080, Optional.empty(), "", "tcp"),
          new Port(53, Optional.of(5353), "127.0.0.1", "udp"));
      assertThat(app.env()).containsExactly(new ContainerSettings.EnvVar("DB_PASSWORD", Optional.empty(), true),
          new ContainerSettings.EnvVar("MODE", Optional.of("production"), false),
          new ContainerSettings.EnvVar("NODE", Optional.empty(), false));
      assertThat(app.sysctls()).containsEntry("net.ipv4.ip_local_port_range", "1024 65535");
      assertThat(app.healthcheck().orElseThrow().test()).containsExactly("HTTP-GET", "/healthz:8080");
      assertThat(app.restartPolicy()).contains(new ContainerSettings.RestartPolicy("OnFailure", 0));
      assertThat(app.runtime()).contains("gvisor");
      ContainerSettings job = container("CronJob/default/nightly/job");
      assertThat(job.resources().memoryBytes()).contains(1_000_000_000L);
      assertThat(job.resources().cpus()).contains(2.0);
      assertThat(job.apparmor()).contains("runtime/default");
    }
  }

  @Nested
  class Quantities_ {
    @Test
    void memoryAndCpu() {
      assertThat(Quantities.bytes("128974848")).isEqualTo(128974848L);
      assertThat(Quantities.bytes("129e6")).isEqualTo(129_000_000L);
      assertThat(Quantities.bytes("123Mi")).isEqualTo(123L << 20);
      assertThat(Quantities.bytes("0.5Gi")).isEqualTo(1L << 29);
      assertThat(Quantities.bytes("1.5k")).isEqualTo(1500L);
      assertThat(Quantities.bytes("100m")).isEqualTo(1L);
      assertThat(Quantities.cores("250m")).isEqualTo(0.25);
      assertThat(Quantities.cores("1.5")).isEqualTo(1.5);
      assertThatThrownBy(() -> Quantities.bytes("12Qi")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Malformed {
    @Test
    void errorsNameFileLineAndField() {
      assertThatThrownBy(() -> read("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
          + "    - name: c\n      resources:\n        limits:\n          memory: lots\n"))
          .isInstanceOf(InputException.class)
          .hasMessageStartingWith("k.yaml:9: spec.containers[0].resources.limits.memory: expected a quantity");
      assertThatThrownBy(() -> read("apiVersion: v1\nkind: Pod\nspec:\n  containers: {}\n"))
          .hasMessage("k.yaml:4: spec.containers: expected a list");
    }

    @Test
    void objectsWithoutATemplateOrKindGiveNothing() {
      assertThat(read("apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n---\nfoo: bar\n---\n- a\n")).isEmpty();
    }
  }
}
