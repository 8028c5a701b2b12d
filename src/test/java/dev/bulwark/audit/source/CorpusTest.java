package dev.bulwark.audit.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.audit.model.BuildFile;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.PodSettings;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.dockerfile.DockerfileSource;
import dev.bulwark.audit.source.kubernetes.KubernetesSource;
import dev.bulwark.audit.source.tree.Cursor;
import dev.bulwark.audit.source.tree.YamlDocuments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every example of two public misconfiguration corpora loads, into the subjects its authors meant:
 * trivy-checks' good and bad Dockerfiles and manifests (strings inside each check's YAML), and
 * kube-linter's test manifests and test data.
 */
public class CorpusTest {
  /** One example of a trivy check: {@code docker/root_user.yaml bad[0]}. */
  public record Example(String check, String label, int index, String text) {
    public String name() {
      return check + " " + label + "[" + index + "]";
    }
  }

  public static List<Example> trivyExamples(String kind) throws IOException {
    List<Example> result = new ArrayList<>();
    try (Stream<Path> files = Files.list(Fixtures.path("trivy-checks/checks/" + kind))) {
      for (Path file : files.sorted().toList()) {
        Cursor root = Cursor.root(file.toString(), YamlDocuments.read(Files.readAllBytes(file), file.toString())
            .getFirst().root());
        Cursor examples = root.get(kind.equals("docker") ? "dockerfile" : "kubernetes");
        for (String label : List.of("good", "bad")) {
          List<Cursor> items = examples.get(label).items();
          for (int i = 0; i < items.size(); i++) {
            result.add(new Example(kind + "/" + file.getFileName(), label, i, items.get(i).text().orElseThrow()));
          }
        }
      }
    }
    return result;
  }

  public static List<Subject> load(Example example) {
    if (example.check().startsWith("docker/")) {
      return List.of(DockerfileSource.read(example.text(), example.name()));
    }
    return KubernetesSource.read(example.text().getBytes(StandardCharsets.UTF_8), example.name());
  }

  /** One line per subject with the settings that decide most checks. */
  static String summary(Subject subject) {
    String head = subject.ref().kind() + " " + subject.ref().name() + " @"
        + subject.ref().file().map(f -> f.substring(f.lastIndexOf('/') + 1)).orElse("") + ":"
        + subject.ref().line().orElse(0);
    return switch (subject) {
      case Subject.Build build -> head + " stages=" + build.file().stages().stream().map(BuildFile.Stage::baseImage)
          .toList() + " instructions=" + build.file().stages().stream().mapToInt(s -> s.instructions().size()).sum()
          + " user=" + build.file().finalStage().user().orElse("-");
      case Subject.Container c -> head + " " + container(c.settings());
      case Subject.Pod p -> head + " hostNetwork=" + p.settings().hostNetwork() + " hostPID=" + p.settings().hostPID()
          + " hostIPC=" + p.settings().hostIPC() + " volumes=" + p.settings().volumes().stream()
          .map(v -> v.type() + v.hostPath().map(h -> ":" + h).orElse("")).toList();
      default -> head;
    };
  }

  static String container(ContainerSettings s) {
    return "image=" + s.image().orElse("-") + " user=" + s.user().orElse("-") + " privileged=" + s.privileged()
        + " caps=" + s.capabilities().effective().size() + " ro=" + s.readOnlyRootFilesystem()
        + " nnp=" + s.noNewPrivileges().map(String::valueOf).orElse("-") + " seccomp=" + s.seccomp().orElse("-")
        + " apparmor=" + s.apparmor().orElse("-") + " mounts=" + s.mounts().size() + " ports="
        + s.ports().stream().map(p -> p.containerPort() + p.hostPort().map(h -> ":" + h).orElse("")).toList()
        + " memory=" + s.resources().memoryBytes().map(String::valueOf).orElse("-")
        + " cpus=" + s.resources().cpus().map(String::valueOf).orElse("-");
  }

  @Nested
  class TrivyChecks {
    @Test
    void everyExampleLoadsAsExpected() throws IOException {
      StringBuilder actual = new StringBuilder();
      int examples = 0;
      int subjects = 0;
      for (String kind : List.of("docker", "kubernetes")) {
        for (Example example : trivyExamples(kind)) {
          examples++;
          List<Subject> loaded = load(example);
          subjects += loaded.size();
          for (Subject subject : loaded) {
            actual.append(summary(subject)).append('\n');
          }
          if (loaded.isEmpty()) {
            actual.append(example.name()).append(" (no pod template)\n");
          }
        }
      }
      Fixtures.assertGoldenText(actual.toString(), Fixtures.path("trivy-checks/expected.txt"));
      assertThat(examples).isEqualTo(45 + 75);
      assertThat(subjects).isEqualTo(45 + 116);
    }

    @Test
    void dockerfileExamplesAreReadAsLabelled() throws IOException {
      Map<String, Predicate<BuildFile>> checks = new LinkedHashMap<>();
      checks.put("docker/root_user.yaml", f -> f.finalStage().user().isEmpty());
      checks.put("docker/latest_tag.yaml", f -> f.stages().stream().anyMatch(s -> !s.baseImage().contains(":")
          || s.baseImage().endsWith(":latest")));
      checks.put("docker/add_instead_of_copy.yaml", f -> instructions(f).anyMatch(i -> i.keyword().equals("ADD")
          && !i.words().getFirst().matches(".*\\.(tar|tar\\.gz|tgz|tar\\.xz|tar\\.bz2)$")));
      checks.put("docker/run_using_sudo.yaml", f -> instructions(f).anyMatch(i -> i.words().contains("sudo")));
      checks.put("docker/port22.yaml", f -> instructions(f).anyMatch(i -> i.keyword().equals("EXPOSE")
          && i.words().stream().anyMatch(w -> w.equals("22") || w.startsWith("22/"))));
      checks.put("docker/maintainer_is_deprecated.yaml", f -> instructions(f).anyMatch(i -> i.keyword()
          .equals("MAINTAINER")));
      checks.put("docker/multiple_healthcheck_instructions.yaml", f -> f.stages().stream()
          .anyMatch(s -> s.instructions().stream().filter(i -> i.keyword().equals("HEALTHCHECK")).count() > 1));
      checks.put("docker/same_alias_in_different_froms.yaml", f -> f.stages().stream()
          .map(s -> s.name().orElse("#" + s.index()).toLowerCase()).distinct().count() < f.stages().size());
      for (Example example : trivyExamples("docker")) {
        Predicate<BuildFile> bad = checks.get(example.check());
        if (bad != null) {
          BuildFile file = ((Subject.Build) load(example).getFirst()).file();
          assertThat(bad.test(file)).as(example.name()).isEqualTo(example.label().equals("bad"));
        }
      }
    }

    private static Stream<BuildFile.Instruction> instructions(BuildFile file) {
      return file.stages().stream().flatMap(s -> s.instructions().stream());
    }

    @Test
    void kubernetesExamplesAreReadAsLabelled() throws IOException {
      Map<String, Predicate<ContainerSettings>> checks = new LinkedHashMap<>();
      Map<String, Predicate<PodSettings>> podChecks = new LinkedHashMap<>();
      podChecks.put("kubernetes/hostpath_volumes_mounted.yaml",
          p -> p.volumes().stream().anyMatch(v -> v.type().equals("hostPath")));
      podChecks.put("kubernetes/mounts_docker_socket.yaml",
          p -> p.volumes().stream().anyMatch(v -> v.hostPath().filter("/var/run/docker.sock"::equals).isPresent()));
      checks.put("kubernetes/privileged.yaml", ContainerSettings::privileged);
      checks.put("kubernetes/SYS_ADMIN_capability.yaml", c -> c.capabilities().effective().contains("SYS_ADMIN"));
      checks.put("kubernetes/capabilities_no_drop_all.yaml", c -> !c.capabilities().drop().contains("ALL"));
      checks.put("kubernetes/host_pid.yaml", c -> c.namespaces().pid().equals("host"));
      checks.put("kubernetes/host_ipc.yaml", c -> c.namespaces().ipc().equals("host"));
      checks.put("kubernetes/host_network.yaml", c -> c.namespaces().network().equals("host"));
      checks.put("kubernetes/file_system_not_read_only.yaml", c -> !c.readOnlyRootFilesystem());
      checks.put("kubernetes/can_elevate_its_own_privileges.yaml", c -> !c.noNewPrivileges().orElse(false));
      checks.put("kubernetes/memory_not_limited.yaml", c -> c.resources().memoryBytes().isEmpty());
      checks.put("kubernetes/CPU_not_limited.yaml", c -> c.resources().cpus().isEmpty());
      checks.put("kubernetes/non_default_proc_masks_set.yaml", c -> c.procMount().filter("Unmasked"::equals)
          .isPresent());
      checks.put("kubernetes/apparmor_policy_disabled.yaml",
          c -> c.apparmor().filter(a -> !a.equals("runtime/default") && !a.startsWith("localhost/")).isPresent());
      checks.put("kubernetes/runtime_default_seccomp_profile_not_set.yaml",
          c -> c.seccomp().filter(s -> s.equals("runtime/default") || s.startsWith("localhost/")).isEmpty());
      checks.put("kubernetes/selinux_custom_options_set.yaml", c -> !c.selinuxOptions().isEmpty());
      checks.put("kubernetes/access_to_host_ports.yaml", c -> c.ports().stream().anyMatch(p -> p.hostPort()
          .isPresent()));
      checks.put("kubernetes/runs_with_UID_le_10000.yaml", c -> c.uid().map(u -> u <= 10000).orElse(true));
      checks.put("kubernetes/runs_with_GID_le_10000.yaml", c -> c.gid().map(g -> g <= 10000).orElse(true));
      checks.put("kubernetes/uses_image_tag_latest.yaml",
          c -> c.image().map(i -> !i.contains(":") || i.endsWith(":latest")).orElse(true));
      Set<String> safeSysctls = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
      checks.put("kubernetes/unsafe_sysctl_options_set.yaml",
          c -> c.sysctls().keySet().stream().anyMatch(k -> !safeSysctls.contains(k)));
      podChecks.put("kubernetes/non_core_volume_types.yaml", p -> p.volumes().stream().anyMatch(v -> !List.of(
          "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret")
          .contains(v.type())));
      int judged = 0;
      for (Example example : trivyExamples("kubernetes")) {
        Predicate<PodSettings> badPod = podChecks.get(example.check());
        if (badPod != null) {
          List<PodSettings> pods = load(example).stream().filter(s -> s instanceof Subject.Pod)
              .map(s -> ((Subject.Pod) s).settings()).toList();
          assertThat(pods.stream().anyMatch(badPod)).as(example.name()).isEqualTo(example.label().equals("bad"));
          judged++;
        }
        Predicate<ContainerSettings> bad = checks.get(example.check());
        if (bad == null) {
          continue;
        }
        List<ContainerSettings> containers = load(example).stream().filter(s -> s instanceof Subject.Container)
            .map(s -> ((Subject.Container) s).settings()).toList();
        assertThat(containers).as(example.name()).isNotEmpty();
        assertThat(containers.stream().anyMatch(bad)).as(example.name()).isEqualTo(example.label().equals("bad"));
        judged++;
      }
      assertThat(judged).isEqualTo(44);
    }
  }

  @Nested
  class KubeLinter {
    static List<Path> checkFiles() throws IOException {
      try (Stream<Path> files = Files.list(Fixtures.path("kube-linter/tests/checks"))) {
        return files.sorted().toList();
      }
    }

    static List<Subject> load(String check) {
      Path file = Fixtures.path("kube-linter/tests/checks/" + check);
      assertThat(FileKind.detect(file)).as(check).contains(FileKind.KUBERNETES);
      return new KubernetesSource().loadFile(file);
    }

    @Test
    void everyTestManifestLoadsAsExpected() throws IOException {
      StringBuilder actual = new StringBuilder();
      int files = 0;
      int subjects = 0;
      for (Path file : checkFiles()) {
        files++;
        assertThat(FileKind.detect(file)).as(file.toString()).contains(FileKind.KUBERNETES);
        List<Subject> loaded = new KubernetesSource().loadFile(file);
        subjects += loaded.size();
        actual.append("# ").append(file.getFileName()).append('\n');
        for (Subject subject : loaded) {
          actual.append(summary(subject)).append('\n');
        }
      }
      Fixtures.assertGoldenText(actual.toString(), Fixtures.path("kube-linter/expected.txt"));
      assertThat(files).isEqualTo(66);
      assertThat(subjects).isEqualTo(318);
    }

    /** As many containers or pods as kube-linter's end-to-end tests expect reports (e2etests/bats-tests.sh). */
    @Test
    void settingsAgreeWithKubeLinterFindings() {
      Map<String, Predicate<ContainerSettings>> containers = new LinkedHashMap<>();
      containers.put("privileged-container.yml", ContainerSettings::privileged);
      containers.put("docker-sock.yml", c -> c.mounts().stream().anyMatch(m -> m.source()
          .equals("/var/run/docker.sock")));
      containers.put("privilege-escalation-container.yml", c -> c.noNewPrivileges()
          .equals(java.util.Optional.of(false)));
      containers.put("unsafe-proc-mount.yml", c -> c.procMount().filter("Unmasked"::equals).isPresent());
      containers.put("read-secret-from-env-var.yml", c -> c.env().stream()
          .anyMatch(ContainerSettings.EnvVar::fromSecret));
      containers.put("ssh-port.yml", c -> c.ports().stream().anyMatch(p -> p.containerPort() == 22 && p.protocol()
          .equals("tcp")));
      containers.put("privileged-ports.yml", c -> c.ports().stream().anyMatch(p -> p.containerPort() < 1024));
      containers.put("writable-host-mount.yml", c -> c.mounts().stream().anyMatch(m -> m.type()
          .equals("hostPath") && !m.readOnly()));
      containers.put("sensitive-host-mounts.yml", c -> c.mounts().stream().anyMatch(m -> m.source().equals("/etc")));
      containers.put("latest-tag.yml", c -> c.image().filter(i -> i.endsWith(":latest")).isPresent());
      containers.put("no-read-only-root-fs.yml", c -> !c.readOnlyRootFilesystem());
      containers.put("unset-memory-requirements.yml", c -> c.resources().memoryBytes().isEmpty());
      for (Map.Entry<String, Predicate<ContainerSettings>> check : containers.entrySet()) {
        long found = load(check.getKey()).stream().filter(s -> s instanceof Subject.Container)
            .map(s -> ((Subject.Container) s).settings()).filter(check.getValue()).count();
        assertThat(found).as(check.getKey()).isEqualTo(check.getKey().equals("ssh-port.yml") ? 3 : 2);
      }
      Map<String, Predicate<PodSettings>> pods = Map.of(
          "host-pid.yml", PodSettings::hostPID,
          "host-ipc.yml", PodSettings::hostIPC,
          "host-network.yml", PodSettings::hostNetwork,
          "unsafe-sysctls.yml", p -> p.sysctls().containsKey("kernel.sem"));
      for (Map.Entry<String, Predicate<PodSettings>> check : pods.entrySet()) {
        long found = load(check.getKey()).stream().filter(s -> s instanceof Subject.Pod)
            .map(s -> ((Subject.Pod) s).settings()).filter(check.getValue()).count();
        assertThat(found).as(check.getKey()).isEqualTo(2);
      }
    }

    @Test
    void testDataDirectoriesLoadWithHelmTemplatesSkipped() {
      List<Subject> subjects = new DirectorySource().load(Fixtures.path("kube-linter").toString(), Fixtures.context());
      Map<String, Long> byFile = subjects.stream().collect(Collectors.groupingBy(
          s -> s.ref().file().orElseThrow().replace(Fixtures.ROOT + "/kube-linter/", ""), java.util.TreeMap::new,
          Collectors.counting()));
      assertThat(byFile.keySet()).noneMatch(f -> f.contains("/templates/"));
      assertThat(byFile).containsEntry("tests/testdata/mykustomize/base/deployment.yaml", 2L)
          .containsEntry("tests/testdata/splunk.yaml", 2L)
          .containsEntry("tests/checks/privileged-container.yml", 8L);
      assertThat(byFile.keySet()).noneMatch(f -> f.startsWith("e2etests/"));
      assertThat(subjects).hasSize(318 + 2 + 2 + 2);
    }
  }
}
