package dev.bulwark.audit.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the kernel enforces for a running container, read from /proc and the cgroup filesystem
 * rather than from what the container API claims.
 *
 * @param pid the container's init process, as seen from the host
 * @param capEffective decoded {@code CapEff} of /proc/PID/status, without the {@code CAP_} prefix
 * @param capBounding decoded {@code CapBnd}
 * @param seccompMode {@code disabled}, {@code strict} or {@code filter} ({@code Seccomp} in status)
 * @param sharedWithHost per namespace ({@code pid}, {@code net}, {@code ipc}, {@code uts}, {@code user},
 *     {@code cgroup}, {@code mnt}): whether /proc/PID/ns/NAME is the host's (same inode)
 * @param uidMap /proc/PID/uid_map as written; the identity map means no user namespace
 * @param lsmLabel the AppArmor profile or SELinux context of the process
 * @param mounts from /proc/PID/mountinfo
 * @param discrepancies where the API's claims and the kernel disagree, in words
 */
public record KernelView(
    int pid,
    List<String> capEffective,
    List<String> capBounding,
    boolean noNewPrivs,
    String seccompMode,
    Map<String, Boolean> sharedWithHost,
    String uidMap,
    boolean userNamespace,
    String lsmLabel,
    List<MountInfo> mounts,
    Optional<Long> memoryLimitBytes,
    Optional<Long> pidsLimit,
    Optional<Double> cpuLimit,
    List<String> discrepancies) {
  public KernelView {
    capEffective = List.copyOf(capEffective);
    capBounding = List.copyOf(capBounding);
    sharedWithHost = Map.copyOf(sharedWithHost);
    mounts = List.copyOf(mounts);
    discrepancies = List.copyOf(discrepancies);
  }

  /**
   * One line of mountinfo.
   *
   * @param propagation {@code shared}, {@code slave}, {@code private} (from the optional fields)
   */
  public record MountInfo(String mountPoint, String root, String fsType, String source, boolean readOnly,
      String propagation) {}
}
