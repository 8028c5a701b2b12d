package dev.bulwark.audit.live;

import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.KernelView;
import dev.bulwark.audit.source.Capabilities;
import dev.bulwark.audit.source.DockerOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where what the Engine API says about a container and what the kernel enforces disagree, each in
 * one sentence naming both sides. A disagreement is evidence in itself: a runtime or an out-of-band
 * change (nsenter, a patched runc, a cgroup edited by hand) that the API does not show.
 */
final class Discrepancies {
  /** Namespaces of the model, by their /proc/PID/ns name. */
  private static final Map<String, String> MODEL_NAMESPACES = Map.of("pid", "pid", "net", "network", "ipc", "ipc",
      "uts", "uts", "user", "user", "cgroup", "cgroup", "mnt", "mount");
  /** CPU quotas are rounded by the runtime (NanoCpus to microseconds of a period). */
  private static final double CPU_TOLERANCE = 0.001;

  private Discrepancies() {}

  /**
   * @param kernelUid the process's effective uid
   * @param hostBounding the host init's bounding set, which "every capability" means on this host
   * @param daemonSeccomp whether the daemon applies its default seccomp profile (its SecurityOptions)
   */
  static List<String> of(ContainerSettings api, KernelView kernel, Optional<Long> kernelUid,
      Optional<List<String>> hostBounding, boolean daemonSeccomp) {
    List<String> out = new ArrayList<>();
    int pid = kernel.pid();
    String status = "/proc/" + pid + "/status";

    List<String> all = hostBounding.orElse(Capabilities.ALL);
    boolean kernelAll = !all.isEmpty() && kernel.capBounding().containsAll(all);
    if (!api.privileged() && kernelAll && !api.capabilities().effective().containsAll(all)) {
      out.add("privileged: the API says false (HostConfig.Privileged), but " + status
          + " CapBnd holds every capability of the host");
    }
    if (api.privileged() && !kernelAll) {
      out.add("privileged: the API says true, but " + status + " CapBnd lacks "
          + String.join(",", missing(all, kernel.capBounding())));
    }
    if (!api.privileged()) {
      List<String> expected = api.capabilities().effective();
      List<String> extra = missing(kernel.capBounding(), expected);
      List<String> absent = missing(expected, kernel.capBounding());
      if (!extra.isEmpty()) {
        out.add("capabilities: " + status + " CapBnd has " + String.join(",", extra)
            + " beyond the API's set (HostConfig.CapAdd/CapDrop)");
      }
      if (!absent.isEmpty()) {
        out.add("capabilities: the API grants " + String.join(",", absent) + ", absent from " + status + " CapBnd");
      }
      // Root's effective set should equal its bounding set; a non-root process has none unless ambient.
      if (kernelUid.orElse(-1L) == 0) {
        List<String> effExtra = missing(kernel.capEffective(), expected);
        if (!effExtra.isEmpty()) {
          out.add("capabilities: " + status + " CapEff has " + String.join(",", effExtra)
              + " beyond the API's set (HostConfig.CapAdd/CapDrop)");
        }
      }
    }

    if (api.noNewPrivileges().orElse(false) && !kernel.noNewPrivs()) {
      out.add("no-new-privileges: the API says true (HostConfig.SecurityOpt), but " + status + " NoNewPrivs is 0");
    }
    if (api.noNewPrivileges().isPresent() && !api.noNewPrivileges().orElseThrow() && kernel.noNewPrivs()) {
      out.add("no-new-privileges: the API says false (HostConfig.SecurityOpt), but " + status + " NoNewPrivs is 1");
    }

    boolean unconfined = api.seccomp().map(s -> s.equals("unconfined")).orElse(false);
    boolean claimsFilter = api.seccomp().isPresent() ? !unconfined : !api.privileged() && daemonSeccomp;
    if (claimsFilter && kernel.seccompMode().equals("disabled")) {
      out.add("seccomp: the API says " + api.seccomp().orElse("the daemon's default profile")
          + " (HostConfig.SecurityOpt), but " + status + " Seccomp is 0 (disabled)");
    }
    if (unconfined && !kernel.seccompMode().equals("disabled")) {
      out.add("seccomp: the API says unconfined (HostConfig.SecurityOpt), but " + status + " Seccomp is "
          + kernel.seccompMode());
    }

    ContainerSettings.Namespaces ns = api.namespaces();
    for (Map.Entry<String, Boolean> entry : kernel.sharedWithHost().entrySet()) {
      String model = MODEL_NAMESPACES.get(entry.getKey());
      if (model == null) {
        continue;
      }
      String claimed = switch (model) {
        case "pid" -> ns.pid();
        case "network" -> ns.network();
        case "ipc" -> ns.ipc();
        case "uts" -> ns.uts();
        case "user" -> ns.user();
        case "mount" -> ns.mount();
        default -> ns.cgroup();
      };
      if (claimed.startsWith("container:")) {
        continue; // another container's namespace: host-shared only if that one's is
      }
      boolean claimsHost = claimed.equals("host");
      if (claimsHost != entry.getValue()) {
        out.add(entry.getKey() + " namespace: the API says " + claimed + ", but /proc/" + pid + "/ns/" + entry.getKey()
            + (entry.getValue() ? " is the host's" : " is not the host's"));
      }
    }

    limit(out, "memory limit", api.resources().memoryBytes(), kernel.memoryLimitBytes(), "HostConfig.Memory");
    limit(out, "pids limit", api.resources().pidsLimit(), kernel.pidsLimit(), "HostConfig.PidsLimit");
    Optional<Double> apiCpus = api.resources().cpus();
    Optional<Double> kernelCpus = kernel.cpuLimit();
    if (apiCpus.isPresent() != kernelCpus.isPresent() || apiCpus.isPresent()
        && Math.abs(apiCpus.orElseThrow() - kernelCpus.orElseThrow()) > CPU_TOLERANCE) {
      out.add("cpu limit: the API says " + apiCpus.map(String::valueOf).orElse("unlimited")
          + " (HostConfig.NanoCpus/CpuQuota), but the cgroup allows " + kernelCpus.map(String::valueOf)
          .orElse("unlimited"));
    }

    Optional<KernelView.MountInfo> root = kernel.mounts().stream().filter(m -> m.mountPoint().equals("/")).findFirst();
    if (root.isPresent() && root.orElseThrow().readOnly() != api.readOnlyRootFilesystem()) {
      out.add("read-only root filesystem: the API says " + api.readOnlyRootFilesystem()
          + " (HostConfig.ReadonlyRootfs), but /proc/" + pid + "/mountinfo shows / " + (root.orElseThrow().readOnly()
          ? "read-only" : "read-write"));
    }

    Optional<Long> claimedUid = api.user().flatMap(u -> DockerOptions.userIds(u).uid());
    if (claimedUid.isPresent() && kernelUid.isPresent() && !claimedUid.equals(kernelUid)) {
      out.add("user: the API says uid " + claimedUid.orElseThrow() + " (Config.User), but " + status + " Uid is "
          + kernelUid.orElseThrow());
    }

    if (api.apparmor().isPresent() && !kernel.lsmLabel().isEmpty() && !api.apparmor().orElseThrow().equals("unconfined")
        && !kernel.lsmLabel().startsWith(api.apparmor().orElseThrow())) {
      out.add("apparmor: the API says " + api.apparmor().orElseThrow() + ", but the process runs under '"
          + kernel.lsmLabel() + "'");
    }
    return out;
  }

  private static void limit(List<String> out, String what, Optional<Long> api, Optional<Long> kernel, String field) {
    if (!api.equals(kernel)) {
      out.add(what + ": the API says " + api.map(String::valueOf).orElse("unlimited") + " (" + field
          + "), but the cgroup enforces " + kernel.map(String::valueOf).orElse("none"));
    }
  }

  /** The names of {@code of} that {@code in} lacks, in order. */
  private static List<String> missing(List<String> of, List<String> in) {
    Set<String> have = new HashSet<>(in);
    return of.stream().filter(n -> !have.contains(n)).toList();
  }
}
