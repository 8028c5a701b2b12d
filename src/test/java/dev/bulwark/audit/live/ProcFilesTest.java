package dev.bulwark.audit.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.audit.model.KernelView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** /proc/PID/status and mountinfo as captured from real containers (fixture engine-v1). */
class ProcFilesTest {
  static String fixture(String path) throws IOException {
    return Files.readString(FakeHost.FIXTURE.resolve(path));
  }

  @Nested
  class Status {
    @Test
    void theHardenedContainerRunsAsItsUserWithNothing() throws IOException {
      ProcStatus status = ProcStatus.parse(fixture("hardened/status"), "status");
      assertThat(status.capEffective()).isEmpty();
      assertThat(status.capBounding()).isEmpty();
      assertThat(status.noNewPrivs()).isTrue();
      assertThat(status.seccompMode()).isEqualTo("filter");
      assertThat(status.uid()).contains(1000L);
      assertThat(status.gid()).contains(1000L);
    }

    @Test
    void theHostsInitHasNoSeccompAndEveryCapability() throws IOException {
      ProcStatus status = ProcStatus.parse(fixture("host/status"), "status");
      assertThat(status.seccompMode()).isEqualTo("disabled");
      assertThat(status.capEffective()).hasSize(41);
      assertThat(status.uid()).contains(0L);
    }

    @Test
    void strictModeAndAKernelWithoutSeccomp() {
      String caps = "CapEff:\t0000000000000000\nCapBnd:\t0000000000000000\n";
      assertThat(ProcStatus.parse(caps + "Seccomp:\t1\n", "s").seccompMode()).isEqualTo("strict");
      assertThat(ProcStatus.parse(caps, "s").seccompMode()).isEqualTo("disabled");
    }

    @Test
    void aStatusWithoutCapabilitiesOrWithAnUnknownModeIsAnError() {
      assertThatThrownBy(() -> ProcStatus.parse("Name:\tx\n", "/proc/9/status"))
          .isInstanceOf(InputException.class).hasMessageContaining("/proc/9/status");
      assertThatThrownBy(() -> ProcStatus.parse("CapEff:\t0\nCapBnd:\t0\nSeccomp:\t7\n", "s"))
          .isInstanceOf(InputException.class).hasMessageContaining("Seccomp");
    }
  }

  @Nested
  class Mounts {
    @Test
    void theRootOfAReadOnlyContainerIsAReadOnlySlaveOverlay() throws IOException {
      List<KernelView.MountInfo> mounts = MountInfo.parse(fixture("hardened/mountinfo"), "mountinfo");
      assertThat(mounts).hasSize(28);
      assertThat(mounts.getFirst()).isEqualTo(new KernelView.MountInfo("/", "/", "overlay", "overlay", true, "slave"));
      assertThat(mounts).filteredOn(m -> m.mountPoint().equals("/proc/sys")).singleElement()
          .satisfies(m -> assertThat(m.readOnly()).isTrue());
    }

    @Test
    void aMountedSocketShowsItsHostPathAsRoot() throws IOException {
      List<KernelView.MountInfo> mounts = MountInfo.parse(fixture("sock/mountinfo"), "mountinfo");
      assertThat(mounts).filteredOn(m -> m.mountPoint().equals("/var/run/docker.sock")).singleElement()
          .isEqualTo(new KernelView.MountInfo("/var/run/docker.sock", "/tmp/blm/docker.sock", "ext4", "/dev/vda",
              false, "private"));
    }

    @Test
    void sharedPropagationAndEscapedNamesAreRead() {
      List<KernelView.MountInfo> mounts = MountInfo.parse(
          "36 35 98:0 /my\\040dir /mnt/a\\134b rw,noatime shared:1 master:2 - ext3 /dev/root rw,errors=continue\n",
          "m");
      assertThat(mounts).containsExactly(
          new KernelView.MountInfo("/mnt/a\\b", "/my dir", "ext3", "/dev/root", false, "shared"));
    }

    @Test
    void aLineWithoutTheSeparatorIsAnError() {
      String noSeparator = "36 35 98:0 / /mnt rw shared:1 ext3 /dev/root rw\n";
      assertThatThrownBy(() -> MountInfo.parse(noSeparator, "/proc/7/mountinfo"))
          .isInstanceOf(InputException.class).hasMessageContaining("/proc/7/mountinfo:1");
    }
  }

  @Nested
  class UidMap {
    @Test
    void theIdentityMapIsNormalised() throws IOException {
      assertThat(KernelReader.normalizeMap(fixture("hardened/uid_map"))).isEqualTo("0 0 4294967295");
      assertThat(KernelReader.normalizeMap("         0     100000      65536\n      65536  1000 1\n"))
          .isEqualTo("0 100000 65536\n65536 1000 1");
    }
  }

  @Nested
  class Cgroups {
    @Test
    void v1LimitsComeFromEachControllersHierarchy(@org.junit.jupiter.api.io.TempDir Path root) throws IOException {
      FakeHost.fromFixture(root);
      HostFs fs = new HostFs(root);
      CgroupLimits hardened = CgroupLimits.read(fs, fixture("hardened/cgroup"), "cgroup");
      assertThat(hardened).isEqualTo(new CgroupLimits(java.util.Optional.of(64L << 20), java.util.Optional.of(64L),
          java.util.Optional.empty()));
      assertThat(CgroupLimits.read(fs, fixture("sysadmin/cgroup"), "cgroup")).isEqualTo(CgroupLimits.unlimited());
    }

    @Test
    void v2LimitsAndTheSmallestOfTheAncestors(@org.junit.jupiter.api.io.TempDir Path root) throws IOException {
      FakeHost host = FakeHost.fromFixture(root);
      host.write("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
      String scope = "sys/fs/cgroup/system.slice/docker-abc.scope/";
      host.write(scope + "memory.max", "67108864\n");
      host.write(scope + "pids.max", "max\n");
      host.write(scope + "cpu.max", "50000 100000\n");
      host.write("sys/fs/cgroup/system.slice/pids.max", "500\n");
      host.write("sys/fs/cgroup/system.slice/memory.max", "max\n");
      CgroupLimits limits = CgroupLimits.read(new HostFs(root), "0::/system.slice/docker-abc.scope\n", "cgroup");
      assertThat(limits.memoryBytes()).contains(64L << 20);
      assertThat(limits.pids()).contains(500L);
      assertThat(limits.cpus()).contains(0.5);
    }

    @Test
    void v1CpuQuotaReadsAsCpus(@org.junit.jupiter.api.io.TempDir Path root) throws IOException {
      // cpu and cpuacct mounted together, without the usual cpu link beside them
      Path dir = Files.createDirectories(root.resolve("sys/fs/cgroup/cpu,cpuacct/docker/x"));
      Files.writeString(dir.resolve("cpu.cfs_quota_us"), "150000\n");
      Files.writeString(dir.resolve("cpu.cfs_period_us"), "100000\n");
      CgroupLimits limits = CgroupLimits.read(new HostFs(root), "4:cpu,cpuacct:/docker/x\n", "cgroup");
      assertThat(limits.cpus()).contains(1.5);
    }

    @Test
    void aLimitThatIsNotANumberIsAnError(@org.junit.jupiter.api.io.TempDir Path root) throws IOException {
      FakeHost host = FakeHost.fromFixture(root);
      host.write("sys/fs/cgroup/pids/docker/y/pids.max", "lots\n");
      assertThatThrownBy(() -> CgroupLimits.read(new HostFs(root), "8:pids:/docker/y\n", "cgroup"))
          .isInstanceOf(InputException.class).hasMessageContaining("pids.max");
    }
  }
}
