package dev.bulwark.audit.live;

import dev.bulwark.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The memory, pids and CPU limits the kernel enforces on a process, from its cgroups: with cgroup
 * v2 (a {@code cgroup.controllers} file at /sys/fs/cgroup) {@code memory.max}, {@code pids.max} and
 * {@code cpu.max}; with v1 (or the hybrid layout) {@code memory.limit_in_bytes}, {@code pids.max}
 * and {@code cpu.cfs_quota_us}/{@code cpu.cfs_period_us} of each controller's hierarchy. A limit set
 * on an ancestor binds too, so the smallest of the cgroup and its ancestors is taken.
 *
 * @param memoryBytes empty: unlimited
 * @param cpus the quota in CPUs ({@code 50000/100000} reads 0.5); empty: unlimited
 */
record CgroupLimits(Optional<Long> memoryBytes, Optional<Long> pids, Optional<Double> cpus) {
  /** /proc/PID/cgroup has a line per hierarchy. */
  static final int MAX_CGROUP_FILE_BYTES = 64 * 1024;
  /** A limit file holds one short line. */
  static final int MAX_LIMIT_FILE_BYTES = 256;
  /** Cgroup paths are a few levels deep; the walk up stops here. */
  static final int MAX_DEPTH = 64;
  /**
   * cgroup v1 shows "no limit" as the largest page-aligned counter (9223372036854771712 with 4 KiB
   * pages); anything this large is no limit.
   */
  static final long V1_UNLIMITED = 1L << 62;

  static CgroupLimits unlimited() {
    return new CgroupLimits(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Reads the limits of the process whose /proc/PID/cgroup text is {@code cgroupFile}. */
  static CgroupLimits read(HostFs fs, String cgroupFile, String what) {
    List<String[]> lines = new ArrayList<>();
    for (String line : cgroupFile.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split(":", 3);
      if (parts.length != 3 || !parts[2].startsWith("/")) {
        throw new InputException(what + ": malformed cgroup line '" + abbreviate(line) + "'");
      }
      lines.add(parts);
    }
    if (fs.exists("/sys/fs/cgroup/cgroup.controllers")) {
      Optional<String> unified = lines.stream().filter(p -> p[0].equals("0") && p[1].isEmpty()).map(p -> p[2])
          .findFirst();
      if (unified.isEmpty()) {
        return unlimited();
      }
      List<String> dirs = ancestors("/sys/fs/cgroup", unified.orElseThrow());
      return new CgroupLimits(
          smallest(fs, dirs, "memory.max", CgroupLimits::v2Number),
          smallest(fs, dirs, "pids.max", CgroupLimits::v2Number),
          smallestCpu(fs, dirs, true));
    }
    return new CgroupLimits(
        v1(fs, lines, "memory").flatMap(dirs -> smallest(fs, dirs, "memory.limit_in_bytes", CgroupLimits::v1Memory)),
        v1(fs, lines, "pids").flatMap(dirs -> smallest(fs, dirs, "pids.max", CgroupLimits::v2Number)),
        v1(fs, lines, "cpu").flatMap(dirs -> smallestCpu(fs, dirs, false)));
  }

  /** The directories from a v1 controller's cgroup up to its hierarchy's root. */
  private static Optional<List<String>> v1(HostFs fs, List<String[]> lines, String controller) {
    for (String[] line : lines) {
      List<String> controllers = List.of(line[1].split(","));
      if (controllers.contains(controller)) {
        // cpu is often mounted as cpu,cpuacct with a cpu link beside it; try both names.
        for (String mount : List.of(controller, line[1])) {
          if (fs.exists("/sys/fs/cgroup/" + mount)) {
            return Optional.of(ancestors("/sys/fs/cgroup/" + mount, line[2]));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> ancestors(String mount, String path) {
    List<String> dirs = new ArrayList<>();
    String current = path;
    while (dirs.size() < MAX_DEPTH) {
      dirs.add(mount + (current.equals("/") ? "" : current));
      if (current.equals("/")) {
        break;
      }
      int slash = current.lastIndexOf('/');
      current = slash <= 0 ? "/" : current.substring(0, slash);
    }
    return dirs;
  }

  private interface Parser {
    Optional<Long> parse(String value, String what);
  }

  private static Optional<Long> smallest(HostFs fs, List<String> dirs, String file, Parser parser) {
    Optional<Long> min = Optional.empty();
    for (String dir : dirs) {
      String path = dir + "/" + file;
      Optional<Long> value = fs.read(path, MAX_LIMIT_FILE_BYTES).flatMap(text -> parser.parse(text.trim(), path));
      if (value.isPresent() && (min.isEmpty() || value.orElseThrow() < min.orElseThrow())) {
        min = value;
      }
    }
    return min;
  }

  private static Optional<Double> smallestCpu(HostFs fs, List<String> dirs, boolean v2) {
    Optional<Double> min = Optional.empty();
    for (String dir : dirs) {
      Optional<Double> value = v2 ? fs.read(dir + "/cpu.max", MAX_LIMIT_FILE_BYTES).flatMap(t -> v2Cpu(t, dir))
          : v1Cpu(fs, dir);
      if (value.isPresent() && (min.isEmpty() || value.orElseThrow() < min.orElseThrow())) {
        min = value;
      }
    }
    return min;
  }

  /** {@code max} or a number. */
  static Optional<Long> v2Number(String value, String what) {
    if (value.equals("max")) {
      return Optional.empty();
    }
    return Optional.of(number(value, what));
  }

  static Optional<Long> v1Memory(String value, String what) {
    long bytes = number(value, what);
    return bytes >= V1_UNLIMITED ? Optional.empty() : Optional.of(bytes);
  }

  /** {@code cpu.max}: {@code max 100000} or {@code 50000 100000}. */
  static Optional<Double> v2Cpu(String text, String what) {
    String[] parts = text.trim().split("\\s+");
    if (parts[0].equals("max")) {
      return Optional.empty();
    }
    long quota = number(parts[0], what);
    long period = parts.length > 1 ? number(parts[1], what) : 100_000;
    return period > 0 ? Optional.of((double) quota / period) : Optional.empty();
  }

  private static Optional<Double> v1Cpu(HostFs fs, String dir) {
    Optional<String> quota = fs.read(dir + "/cpu.cfs_quota_us", MAX_LIMIT_FILE_BYTES).map(String::trim);
    Optional<String> period = fs.read(dir + "/cpu.cfs_period_us", MAX_LIMIT_FILE_BYTES).map(String::trim);
    if (quota.isEmpty() || period.isEmpty() || quota.orElseThrow().equals("-1")) {
      return Optional.empty();
    }
    long q = number(quota.orElseThrow(), dir + "/cpu.cfs_quota_us");
    long p = number(period.orElseThrow(), dir + "/cpu.cfs_period_us");
    return p > 0 && q > 0 ? Optional.of((double) q / p) : Optional.empty();
  }

  private static long number(String value, String what) {
    if (!value.matches("[0-9]{1,19}")) {
      throw new InputException(what + ": not a number: '" + abbreviate(value) + "'");
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new InputException(what + ": number out of range: '" + value + "'", e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
