package dev.bulwark.audit.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in rules over the Engine and host captured from a real dockerd (engine-v1): per container
 * the findings its options call for, each citing what the kernel shows under /proc. The same
 * containers run live in DockerEngineLiveSystemTest.
 */
class LiveFindingsTest {
  private static LiveFindings findings;

  @BeforeAll
  static void audit(@TempDir Path root) throws IOException {
    findings = LiveFindings.of(FakeHost.subjects(root));
    findings.print();
  }

  @Test
  void sysAdminIsADangerousCapabilityTheKernelHolds() {
    assertThat(findings.of("sysadmin")).contains("container-dangerous-capabilities", "container-capabilities-added");
    assertThat(findings.cited("sysadmin", "container-dangerous-capabilities")).containsExactly(
        "capabilities.effective[11] = SYS_ADMIN @ docker inspect sysadmin (HostConfig.CapAdd)",
        "kernel.capEffective[11] = SYS_ADMIN @ /proc/29114/status (CapEff)");
  }

  @Test
  void theSocketMountIsInTheApiAndInMountinfo() {
    assertThat(findings.of("sock")).contains("container-docker-socket-mounted");
    assertThat(findings.cited("sock", "container-docker-socket-mounted")).anySatisfy(c -> assertThat(c)
        .startsWith("kernel.mounts[").contains("/var/run/docker.sock").endsWith("/mountinfo"));
  }

  @Test
  void theHostPidNamespaceIsTheKernelsToo() {
    assertThat(findings.of("hostpid")).contains("container-host-pid");
    assertThat(findings.cited("hostpid", "container-host-pid")).anySatisfy(c -> assertThat(c)
        .startsWith("kernel.sharedWithHost.pid = ").contains("/ns (compared with "));
  }

  @Test
  void theHardenedContainerHasNoneOfTheFindingsItsOptionsAddress() {
    assertThat(findings.of("hardened")).doesNotContainAnyElementsOf(LiveFindings.HARDENING_ADDRESSES)
        .contains("container-no-cpu-limit", "container-no-healthcheck");
    for (String other : new String[] {"sysadmin", "sock", "hostpid"}) {
      assertThat(findings.of(other)).as(other).contains("container-writable-rootfs", "container-no-memory-limit",
          "container-no-pids-limit", "container-new-privileges-allowed", "container-capabilities-not-dropped",
          "container-runs-as-root");
    }
  }
}
