package dev.bulwark.audit.live;

import dev.bulwark.audit.model.KernelView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what the kernel enforces for a container's init process from /proc and the cgroup
 * filesystem of the host. Namespaces are compared with a reference process's: the host's init
 * (/proc/1) when its links can be read, else dockerd's (which runs in the host's namespaces unless
 * rootless or itself in a container), else Bulwark's own; the one used is named in the evidence.
 * See docs/audit-live.md for what this means when Bulwark runs in a container.
 */
final class KernelReader {
  /** The namespaces compared with the host's, by their /proc/PID/ns name. */
  static final List<String> NAMESPACES = List.of("pid", "net", "ipc", "uts", "user", "cgroup", "mnt");
  /** uid_map has at most 340 lines of three numbers. */
  static final int MAX_UID_MAP_BYTES = 32 * 1024;
  /** An LSM label is a line: an AppArmor profile name and mode, or an SELinux context. */
  static final int MAX_LABEL_BYTES = 4096;

  /** What was read, before it is compared with the API's claims. */
  record Reading(KernelView view, Optional<Long> uid, Optional<Long> gid) {}

  /** The namespaces a container's are compared with, and whose they are ({@code /proc/1/ns}). */
  record HostNamespaces(Map<String, String> links, String source) {
    HostNamespaces {
      links = Map.copyOf(links);
    }
  }

  private final HostFs fs;
  private final HostNamespaces host;

  /** @param references processes whose namespaces are the host's, best first (1, then dockerd's pid) */
  KernelReader(HostFs fs, List<Integer> references) {
    this.fs = fs;
    this.host = hostNamespaces(fs, references);
  }

  HostNamespaces host() {
    return host;
  }

  /** The first reference process whose namespace links can be read; Bulwark's own as the last resort. */
  static HostNamespaces hostNamespaces(HostFs fs, List<Integer> references) {
    List<String> procs = new java.util.ArrayList<>();
    references.forEach(pid -> procs.add("/proc/" + pid));
    procs.add("/proc/self");
    for (String proc : procs) {
      Map<String, String> links = new LinkedHashMap<>();
      for (String ns : NAMESPACES) {
        fs.readLink(proc + "/ns/" + ns).ifPresent(link -> links.put(ns, link));
      }
      if (!links.isEmpty()) {
        return new HostNamespaces(links, proc + "/ns");
      }
    }
    return new HostNamespaces(Map.of(), "");
  }

  /** The capability bounding set of the host's init, which a privileged container gets. */
  Optional<List<String>> hostBoundingSet() {
    return fs.read("/proc/1/status", ProcStatus.MAX_BYTES)
        .map(t -> ProcStatus.parse(t, "/proc/1/status").capBounding());
  }

  /**
   * Reads process {@code pid}; empty when it is not there or not this container's (its cgroup does
   * not name {@code containerId}): an Engine on another machine, or a container that just stopped.
   */
  Optional<Reading> read(int pid, String containerId) {
    String proc = "/proc/" + pid;
    Optional<String> status = fs.read(proc + "/status", ProcStatus.MAX_BYTES);
    if (pid <= 0 || status.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> cgroup = fs.read(proc + "/cgroup", CgroupLimits.MAX_CGROUP_FILE_BYTES);
    if (cgroup.isPresent() && !containerId.isEmpty() && !cgroup.orElseThrow().contains(containerId)) {
      return Optional.empty();
    }
    ProcStatus parsed = ProcStatus.parse(status.orElseThrow(), proc + "/status");
    Map<String, Boolean> shared = new LinkedHashMap<>();
    for (String ns : NAMESPACES) {
      Optional<String> mine = fs.readLink(proc + "/ns/" + ns);
      String reference = host.links().get(ns);
      if (mine.isPresent() && reference != null) {
        shared.put(ns, mine.orElseThrow().equals(reference));
      }
    }
    String uidMap = fs.read(proc + "/uid_map", MAX_UID_MAP_BYTES).map(KernelReader::normalizeMap).orElse("");
    boolean userNamespace = shared.containsKey("user") ? !shared.get("user")
        : !uidMap.isEmpty() && !uidMap.equals("0 0 4294967295");
    List<KernelView.MountInfo> mounts = fs.read(proc + "/mountinfo", MountInfo.MAX_BYTES)
        .map(t -> MountInfo.parse(t, proc + "/mountinfo")).orElse(List.of());
    CgroupLimits limits = cgroup.map(c -> CgroupLimits.read(fs, c, proc + "/cgroup")).orElse(CgroupLimits.unlimited());
    KernelView view = new KernelView(pid, parsed.capEffective(), parsed.capBounding(), parsed.noNewPrivs(),
        parsed.seccompMode(), shared, uidMap, userNamespace, lsmLabel(proc), mounts, limits.memoryBytes(),
        limits.pids(), limits.cpus(), List.of());
    return Optional.of(new Reading(view, parsed.uid(), parsed.gid()));
  }

  /**
   * The AppArmor profile (attr/apparmor/current, Linux 5.8 and later, where attr/current may belong
   * to another LSM), else attr/current (AppArmor before 5.8, SELinux); empty when no LSM answers.
   */
  private String lsmLabel(String proc) {
    for (String file : List.of(proc + "/attr/apparmor/current", proc + "/attr/current")) {
      Optional<String> label = fs.read(file, MAX_LABEL_BYTES).map(KernelReader::cleanLabel).filter(l -> !l.isEmpty());
      if (label.isPresent()) {
        return label.orElseThrow();
      }
    }
    return "";
  }

  private static String cleanLabel(String text) {
    int nul = text.indexOf('\0');
    return (nul >= 0 ? text.substring(0, nul) : text).strip();
  }

  /** {@code "         0          0 4294967295"} reads {@code "0 0 4294967295"}, one mapping a line. */
  static String normalizeMap(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n")) {
      String joined = String.join(" ", line.trim().split("\\s+"));
      if (!joined.isEmpty()) {
        out.append(out.isEmpty() ? "" : "\n").append(joined);
      }
    }
    return out.toString();
  }
}
