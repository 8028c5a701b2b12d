package dev.bulwark.audit.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.DaemonSettings;
import dev.bulwark.audit.model.HostSettings;
import dev.bulwark.audit.model.KernelView;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.AuditContext;
import dev.bulwark.audit.source.Capabilities;
import dev.bulwark.audit.source.SubjectSources;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.testing.DockerHarness;
import dev.bulwark.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private dockerd running containers with different settings, audited through {@code docker:}:
 * what the Engine says and what the kernel enforces, per container, with the daemon's command line
 * and the host's files. The image is this machine's {@code sleep} with the libraries it links.
 */
@Tag("system")
class DockerEngineLiveSystemTest {
  private static final String IMAGE = "bulwark/sleeper:1";
  private static final Pattern LIBRARY = Pattern.compile("(/\\S+) \\(0x");
  private static DockerHarness engine;
  private static Path socket;
  private static List<Subject> subjects;
  private static Optional<String> privilegedFailure = Optional.empty();

  @BeforeAll
  static void setUp(@TempDir Path work) throws IOException {
    Tools.assumeTools("dockerd", "docker", "tar", "ldd", "sleep");
    Tools.assumeRoot();
    Path sleep = Path.of(Tools.run(Duration.ofSeconds(30), work, "sh", "-c", "command -v sleep").strip())
        .toRealPath();
    Path rootfs = Files.createDirectories(work.resolve("rootfs/bin"));
    Files.copy(sleep, rootfs.resolve("sleep"));
    Matcher libraries = LIBRARY.matcher(Tools.run(Duration.ofSeconds(30), work, "ldd", sleep.toString()));
    while (libraries.find()) {
      Path library = Path.of(libraries.group(1));
      Path target = work.resolve("rootfs" + library);
      Files.createDirectories(target.getParent());
      Files.copy(library, target); // follows the link: the image holds the library itself
    }
    Tools.run(Duration.ofMinutes(1), work, "tar", "--numeric-owner", "-C", work.resolve("rootfs").toString(), "-cf",
        "rootfs.tar", ".");

    engine = DockerHarness.start(Path.of("/tmp").resolve("bulwark-live-" + ProcessHandle.current().pid()));
    socket = Path.of(engine.dockerHost().substring("unix://".length()));
    engine.docker("import", "--change", "CMD [\"/bin/sleep\", \"infinity\"]", work.resolve("rootfs.tar").toString(),
        IMAGE);
    run("sysadmin", "--cap-add", "SYS_ADMIN");
    run("hostroot", "-v", "/:/host");
    run("sock", "-v", socket + ":/var/run/docker.sock");
    run("hostpid", "--pid", "host");
    run("nolimits");
    run("hardened", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--pids-limit", "64",
        "-m", "64m", "--user", "1000:1000");
    try {
      run("privileged", "--privileged");
    } catch (AssertionError e) {
      privilegedFailure = Optional.of(e.getMessage().lines().filter(l -> l.contains("Error")).findFirst()
          .orElse(e.getMessage()));
      System.out.println("--privileged could not start here: " + privilegedFailure.orElseThrow());
    }
    subjects = SubjectSources.load("docker:", context());
    subjects.forEach(DockerEngineLiveSystemTest::print);
  }

  private static AuditContext context() {
    return new AuditContext(engine.environment(), SourceOptions.defaults(engine.environment()), Path.of("/"));
  }

  private static void run(String name, String... options) {
    List<String> command = new java.util.ArrayList<>(List.of("run", "-d", "--network", "none", "--name", name));
    command.addAll(List.of(options));
    command.add(IMAGE);
    engine.docker(command.toArray(String[]::new));
  }

  @AfterAll
  static void tearDown() {
    if (engine != null) {
      try {
        engine.docker("rm", "-f", "sysadmin", "hostroot", "sock", "hostpid", "nolimits", "hardened", "privileged");
      } catch (AssertionError ignored) {
        // dockerd's own shutdown stops what is left
      }
      engine.close();
    }
  }

  private static ContainerSettings container(String name) {
    return subjects.stream().filter(s -> s instanceof Subject.Container c && c.ref().name().equals(name))
        .map(s -> ((Subject.Container) s).settings()).findFirst().orElseThrow(() -> new AssertionError(name));
  }

  private static KernelView kernel(String name) {
    return container(name).kernel().orElseThrow(() -> new AssertionError("no kernel view of " + name));
  }

  private static void print(Subject subject) {
    if (subject instanceof Subject.Container c && c.settings().kernel().isPresent()) {
      KernelView k = c.settings().kernel().orElseThrow();
      System.out.printf("%-9s pid %d uid %s CapEff %s NoNewPrivs %s Seccomp %s shared %s mem %s pids %s /ro %s "
              + "discrepancies %s%n", c.ref().name(), k.pid(), c.settings().uid().map(String::valueOf).orElse("?"),
          k.capEffective(), k.noNewPrivs(), k.seccompMode(), k.sharedWithHost(), k.memoryLimitBytes(),
          k.pidsLimit(), k.mounts().stream().filter(m -> m.mountPoint().equals("/")).findFirst()
              .map(KernelView.MountInfo::readOnly).orElse(null), k.discrepancies());
    }
  }

  @Nested
  class Containers {
    @Test
    void everyRunningContainerIsReadWithItsKernelView() {
      assertThat(subjects).filteredOn(s -> s instanceof Subject.Container).extracting(s -> s.ref().name())
          .containsExactlyElementsOf(privilegedFailure.isPresent()
              ? List.of("hardened", "hostpid", "hostroot", "nolimits", "sock", "sysadmin")
              : List.of("hardened", "hostpid", "hostroot", "nolimits", "privileged", "sock", "sysadmin"));
      for (String name : List.of("hardened", "hostpid", "hostroot", "nolimits", "sock", "sysadmin")) {
        assertThat(kernel(name).discrepancies()).as(name + ": the API and the kernel agree").isEmpty();
        assertThat(kernel(name).sharedWithHost()).as(name).containsKeys("pid", "net", "ipc", "uts", "user", "mnt");
      }
    }

    @Test
    void addedSysAdminIsInCapEff() {
      assertThat(container("sysadmin").capabilities().add()).containsExactly("SYS_ADMIN");
      assertThat(kernel("sysadmin").capEffective()).contains("SYS_ADMIN")
          .containsAll(Capabilities.RUNTIME_DEFAULT).hasSize(15);
    }

    @Test
    void theHostsRootIsBindMounted() {
      assertThat(container("hostroot").mounts()).anySatisfy(m -> {
        assertThat(m.source()).isEqualTo("/");
        assertThat(m.target()).isEqualTo("/host");
        assertThat(m.readOnly()).isFalse();
      });
      assertThat(kernel("hostroot").mounts()).anySatisfy(m -> {
        assertThat(m.mountPoint()).isEqualTo("/host");
        assertThat(m.root()).isEqualTo("/");
        assertThat(m.readOnly()).isFalse();
      });
    }

    @Test
    void theEnginesSocketIsBindMounted() {
      assertThat(container("sock").mounts()).singleElement().satisfies(m -> {
        assertThat(m.type()).isEqualTo("bind");
        assertThat(m.source()).isEqualTo(socket.toString());
        assertThat(m.target()).isEqualTo("/var/run/docker.sock");
      });
      assertThat(kernel("sock").mounts()).anySatisfy(m -> {
        assertThat(m.mountPoint()).isEqualTo("/var/run/docker.sock");
        assertThat(m.root()).endsWith("/docker.sock");
      });
    }

    @Test
    void theHostPidNamespaceIsTheHosts() {
      assertThat(container("hostpid").namespaces().pid()).isEqualTo("host");
      assertThat(kernel("hostpid").sharedWithHost()).containsEntry("pid", true).containsEntry("net", false);
      assertThat(kernel("nolimits").sharedWithHost()).containsEntry("pid", false);
    }

    @Test
    void noLimitsMeansNoneInTheCgroupAndTheDefaultCapabilities() {
      ContainerSettings plain = container("nolimits");
      assertThat(plain.resources().memoryBytes()).isEmpty();
      assertThat(plain.resources().pidsLimit()).isEmpty();
      assertThat(kernel("nolimits").memoryLimitBytes()).isEmpty();
      assertThat(kernel("nolimits").pidsLimit()).isEmpty();
      assertThat(kernel("nolimits").cpuLimit()).isEmpty();
      assertThat(kernel("nolimits").capEffective()).containsExactlyElementsOf(Capabilities.RUNTIME_DEFAULT);
      assertThat(kernel("nolimits").noNewPrivs()).isFalse();
      assertThat(plain.uid()).contains(0L);
    }

    @Test
    void theHardenedContainerIsHardenedInTheKernel() {
      ContainerSettings hardened = container("hardened");
      KernelView k = kernel("hardened");
      assertThat(k.capEffective()).isEmpty();
      assertThat(k.capBounding()).isEmpty();
      assertThat(k.noNewPrivs()).isTrue();
      assertThat(k.seccompMode()).isEqualTo("filter");
      assertThat(k.pidsLimit()).contains(64L);
      assertThat(k.memoryLimitBytes()).contains(64L << 20);
      assertThat(k.mounts()).filteredOn(m -> m.mountPoint().equals("/")).singleElement()
          .satisfies(m -> assertThat(m.readOnly()).isTrue());
      assertThat(hardened.uid()).contains(1000L);
      assertThat(hardened.gid()).contains(1000L);
      assertThat(hardened.readOnlyRootFilesystem()).isTrue();
      assertThat(hardened.noNewPrivileges()).contains(true);
    }

    @Test
    void privilegedEitherRunsWithEveryCapabilityOrIsNotRunning() {
      if (privilegedFailure.isPresent()) {
        assertThat(subjects).noneMatch(s -> s.ref().name().equals("privileged"));
      } else {
        assertThat(container("privileged").privileged()).isTrue();
        assertThat(kernel("privileged").seccompMode()).isEqualTo("disabled");
      }
    }

    @Test
    void oneContainerByName() {
      List<Subject> one = SubjectSources.load("docker:hardened", context());
      assertThat(one).singleElement().satisfies(s -> {
        assertThat(s.ref().kind()).isEqualTo("docker-container");
        assertThat(((Subject.Container) s).settings().kernel()).isPresent();
      });
    }
  }

  /** The built-in rules over what was read: per container the findings its options call for, with /proc evidence. */
  @Nested
  class Findings {
    private final LiveFindings findings = LiveFindings.of(subjects);

    private String proc(String container) {
      return "/proc/" + kernel(container).pid();
    }

    @Test
    void perContainer() {
      findings.print();
      assertThat(findings.of("sysadmin")).contains("container-dangerous-capabilities",
          "container-capabilities-added");
      assertThat(findings.of("hostroot")).contains("container-sensitive-host-mount");
      assertThat(findings.of("sock")).contains("container-docker-socket-mounted");
      assertThat(findings.of("hostpid")).contains("container-host-pid", "container-kernel-host-namespace");
      assertThat(findings.of("nolimits")).contains("container-no-memory-limit", "container-no-pids-limit",
          "container-no-cpu-limit", "container-writable-rootfs", "container-capabilities-not-dropped",
          "container-new-privileges-allowed", "container-runs-as-root")
          .doesNotContain("container-dangerous-capabilities", "container-sensitive-host-mount",
              "container-docker-socket-mounted", "container-host-pid", "container-kernel-host-namespace");
      if (privilegedFailure.isEmpty()) {
        assertThat(findings.of("privileged")).contains("container-privileged");
      }
      assertThat(findings.report().errors()).as("rule errors").isEmpty();
    }

    @Test
    void theHardenedContainerHasNoneOfTheFindingsHardeningAddresses() {
      assertThat(findings.of("hardened")).doesNotContainAnyElementsOf(LiveFindings.HARDENING_ADDRESSES)
          .contains("container-no-cpu-limit", "container-no-healthcheck");
    }

    @Test
    void sysAdminCitesCapEffOfTheProcess() {
      assertThat(findings.cited("sysadmin", "container-dangerous-capabilities"))
          .contains("kernel.capEffective[" + kernel("sysadmin").capEffective().indexOf("SYS_ADMIN")
              + "] = SYS_ADMIN @ " + proc("sysadmin") + "/status (CapEff)")
          .anySatisfy(c -> assertThat(c).startsWith("capabilities.effective[").endsWith("(HostConfig.CapAdd)"));
    }

    @Test
    void mountsCiteMountinfo() {
      assertThat(findings.cited("hostroot", "container-sensitive-host-mount"))
          .anySatisfy(c -> assertThat(c).startsWith("mounts[").contains("(Mounts[0])"))
          .anySatisfy(c -> assertThat(c).startsWith("kernel.mounts[").contains("mountPoint: /host")
              .endsWith(proc("hostroot") + "/mountinfo"));
      assertThat(findings.cited("sock", "container-docker-socket-mounted"))
          .anySatisfy(c -> assertThat(c).startsWith("kernel.mounts[").contains("mountPoint: /var/run/docker.sock")
              .endsWith(proc("sock") + "/mountinfo"));
    }

    @Test
    void theHostPidNamespaceCitesTheNamespaceLinks() {
      assertThat(findings.cited("hostpid", "container-host-pid"))
          .contains("namespaces.pid = host @ docker inspect hostpid (HostConfig.PidMode)")
          .anySatisfy(c -> assertThat(c).startsWith("kernel.sharedWithHost.pid = ")
              .contains(proc("hostpid") + "/ns (compared with /proc/"));
    }

    @Test
    void missingLimitsCiteTheApiAndTheCgroup() {
      assertThat(findings.cited("nolimits", "container-no-memory-limit")).containsExactly(
          "resources.memoryBytes = null @ docker inspect nolimits (HostConfig.Memory)",
          "kernel.memoryLimitBytes = null @ " + proc("nolimits") + "/cgroup (memory)");
      assertThat(findings.cited("nolimits", "container-no-pids-limit")).contains(
          "kernel.pidsLimit = null @ " + proc("nolimits") + "/cgroup (pids)");
    }
  }

  /** {@code bulwark audit docker: --framework cis-docker-1.6 -f json}, as a user runs it. */
  @Nested
  class Command {
    @Test
    void cisControlsOfTheEngine(@TempDir Path out) throws IOException {
      Path report = out.resolve("audit.json");
      int code = dev.bulwark.cli.Main.run(new String[] {"audit", "docker:", "--framework", "cis-docker-1.6",
          "-f", "json", "-o", report.toString()}, engine.environment());
      assertThat(code).isZero();
      com.fasterxml.jackson.databind.JsonNode json = dev.bulwark.io.Json.mapper().readTree(report.toFile());
      assertThat(json.path("summary").path("errors").asInt()).isZero();
      Map<String, String> status = new java.util.TreeMap<>();
      json.path("frameworks").get(0).path("controls")
          .forEach(c -> status.put(c.path("id").asText(), c.path("status").asText()));
      System.out.println("CIS Docker 1.6 controls: " + status);
      assertThat(status).containsEntry("5.3", "fail") // SYS_ADMIN added
          .containsEntry("5.5", "fail") // / bind-mounted
          .containsEntry("5.31", "fail") // docker.sock mounted
          .containsEntry("5.15", "fail") // --pid host
          .containsEntry("5.10", "fail") // no memory limit
          .containsEntry("5.28", "fail") // no pids limit
          .containsEntry("5.12", "fail") // writable root filesystems
          .containsEntry("5.9", "pass") // no host network
          .containsEntry("5.16", "pass") // no host IPC
          .containsEntry("5.20", "pass") // no host UTS
          .containsEntry("5.21", "pass") // seccomp filters (a privileged container is judged by 5.4)
          .containsEntry("5.29", "manual")
          .containsEntry("2.14", "fail") // no-new-privileges not the daemon default: the harness runs defaults
          .containsEntry("5.4", privilegedFailure.isPresent() ? "pass" : "fail");
      assertThat(json.path("subjects")).anySatisfy(s -> assertThat(s.path("kind").asText()).isEqualTo("daemon"))
          .anySatisfy(s -> assertThat(s.path("kind").asText()).isEqualTo("host"));
    }
  }

  @Nested
  class DaemonAndHost {
    @Test
    void theHarnessFlagsAreReadFromDockerdsCommandLine() {
      DaemonSettings daemon = subjects.stream().filter(s -> s instanceof Subject.Daemon)
          .map(s -> ((Subject.Daemon) s).settings()).findFirst().orElseThrow();
      System.out.println("daemon: " + daemon);
      assertThat(daemon.iptables()).contains(false);
      assertThat(daemon.other()).containsEntry("bridge", "none").containsEntry("ip-masq", "false")
          .containsKey("dockerd-pid");
      assertThat(daemon.hosts()).containsExactly(engine.dockerHost());
      assertThat(daemon.version()).isPresent();
      assertThat(daemon.runcVersion()).isPresent();
      assertThat(daemon.containerdVersion()).isPresent();
      assertThat(daemon.tls()).isFalse();
    }

    @Test
    void theHarnessSocketIsStatted() {
      HostSettings host = subjects.stream().filter(s -> s instanceof Subject.Host)
          .map(s -> ((Subject.Host) s).settings()).findFirst().orElseThrow();
      System.out.println("host: " + host.hostname() + " " + host.kernelVersion() + " " + host.osRelease()
          + " docker group " + host.dockerGroupMembers() + " audited " + host.auditedPaths() + " separate "
          + host.separateDockerPartition());
      host.files().forEach(f -> System.out.println("  " + f));
      assertThat(host.files()).filteredOn(f -> f.path().equals(socket.toString())).singleElement()
          .satisfies(f -> {
            assertThat(f.kind()).isEqualTo("socket");
            assertThat(f.owner()).isEqualTo("root");
            assertThat(f.mode()).matches("0[0-7]{3}");
          });
      assertThat(host.kernelVersion()).isPresent();
    }
  }
}
