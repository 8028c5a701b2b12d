package dev.bulwark.audit.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.KernelView;
import dev.bulwark.audit.model.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's claims against a kernel that enforces something else: the captured containers with
 * their /proc files edited as a runtime bug or an out-of-band change would leave them.
 */
class DiscrepanciesTest {
  @TempDir
  Path root;
  FakeHost host;

  @BeforeEach
  void setUp() throws IOException {
    host = FakeHost.fromFixture(root);
  }

  KernelView kernelOf(String name) {
    return ((Subject.Container) host.load("docker:" + name).getFirst()).settings().kernel().orElseThrow();
  }

  void edit(String name, String file, String from, String to) throws IOException {
    int pid = host.inspects.get(name).path("State").path("Pid").asInt();
    Path path = root.resolve("proc/" + pid + "/" + file);
    String text = Files.readString(path);
    assertThat(text).contains(from);
    Files.writeString(path, text.replace(from, to));
  }

  @Test
  void capturedContainersAgreeWithTheirApi() {
    for (String name : List.of("hardened", "hostpid", "sock", "sysadmin")) {
      assertThat(kernelOf(name).discrepancies()).as(name).isEmpty();
    }
  }

  @Test
  void everyCapabilityWithoutPrivilegedIsReported() throws IOException {
    edit("sysadmin", "status", "CapBnd:\t00000000a82425fb", "CapBnd:\t000001fffeffffff");
    assertThat(kernelOf("sysadmin").discrepancies())
        .anyMatch(d -> d.startsWith("privileged: the API says false") && d.contains("CapBnd"))
        .anyMatch(d -> d.startsWith("capabilities: ") && d.contains("SYS_MODULE"));
  }

  @Test
  void aCapabilityTheApiDoesNotGrantIsReported() throws IOException {
    edit("sock", "status", "CapEff:\t00000000a80425fb", "CapEff:\t00000000a80c25fb");
    edit("sock", "status", "CapBnd:\t00000000a80425fb", "CapBnd:\t00000000a80c25fb");
    assertThat(kernelOf("sock").discrepancies()).containsExactly(
        "capabilities: /proc/29330/status CapBnd has SYS_PTRACE beyond the API's set (HostConfig.CapAdd/CapDrop)",
        "capabilities: /proc/29330/status CapEff has SYS_PTRACE beyond the API's set (HostConfig.CapAdd/CapDrop)");
  }

  @Test
  void noNewPrivilegesAndSeccompClaimedButNotEnforced() throws IOException {
    edit("hardened", "status", "NoNewPrivs:\t1", "NoNewPrivs:\t0");
    edit("hardened", "status", "Seccomp:\t2", "Seccomp:\t0");
    assertThat(kernelOf("hardened").discrepancies()).containsExactly(
        "no-new-privileges: the API says true (HostConfig.SecurityOpt), but /proc/29184/status NoNewPrivs is 0",
        "seccomp: the API says the daemon's default profile (HostConfig.SecurityOpt), but /proc/29184/status "
            + "Seccomp is 0 (disabled)");
  }

  @Test
  void aPrivateNamespaceThatIsTheHostsIsReported() throws IOException {
    int pid = host.inspects.get("sock").path("State").path("Pid").asInt();
    Path link = root.resolve("proc/" + pid + "/ns/net");
    Files.delete(link);
    Files.createSymbolicLink(link, Path.of("net:[4026531833]"));
    assertThat(kernelOf("sock").discrepancies())
        .containsExactly("net namespace: the API says private, but /proc/29330/ns/net is the host's");
  }

  @Test
  void limitsThatTheCgroupDoesNotEnforceAreReported() throws IOException {
    String id = host.inspects.get("hardened").path("Id").asText();
    Files.writeString(root.resolve("sys/fs/cgroup/memory/docker/" + id + "/memory.limit_in_bytes"),
        "9223372036854771712\n");
    Files.writeString(root.resolve("sys/fs/cgroup/pids/docker/" + id + "/pids.max"), "max\n");
    assertThat(kernelOf("hardened").discrepancies()).containsExactly(
        "memory limit: the API says 67108864 (HostConfig.Memory), but the cgroup enforces none",
        "pids limit: the API says 64 (HostConfig.PidsLimit), but the cgroup enforces none");
  }

  @Test
  void aWritableRootAndAnotherUserAreReported() throws IOException {
    edit("hardened", "mountinfo", "109 61 0:50 / / ro,relatime", "109 61 0:50 / / rw,relatime");
    edit("hardened", "status", "Uid:\t1000\t1000", "Uid:\t0\t0");
    assertThat(kernelOf("hardened").discrepancies()).containsExactly(
        "read-only root filesystem: the API says true (HostConfig.ReadonlyRootfs), but /proc/29184/mountinfo shows / "
            + "read-write",
        "user: the API says uid 1000 (Config.User), but /proc/29184/status Uid is 0");
  }

  @Test
  void theKernelsUidReplacesANameTheApiGives() {
    ContainerSettings hardened = ((Subject.Container) host.load("docker:hardened").getFirst()).settings();
    assertThat(hardened.uid()).contains(1000L);
    assertThat(hardened.gid()).contains(1000L);
  }

  @Test
  void aProcessThatIsNotTheContainersGivesNoKernelView() throws IOException {
    edit("hardened", "cgroup", host.inspects.get("hardened").path("Id").asText(), "someone-else");
    ContainerSettings hardened = ((Subject.Container) host.load("docker:hardened").getFirst()).settings();
    assertThat(hardened.kernel()).isEmpty();
  }

  @Test
  void namespacesAreComparedWithDockerdsWhenInitsCannotBeRead() throws IOException {
    Path ns = root.resolve("proc/1/ns");
    try (var links = Files.list(ns)) {
      for (Path link : links.toList()) {
        Files.delete(link);
      }
    }
    KernelView kernel = kernelOf("hostpid");
    assertThat(kernel.sharedWithHost()).containsEntry("pid", true).containsEntry("net", false);
  }
}
