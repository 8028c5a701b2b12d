package dev.bulwark.audit.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.audit.model.HostSettings;
import dev.bulwark.audit.model.HostSettings.FileStat;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Provenance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The host under the Engine: owner, group and mode of every file and directory the CIS Docker
 * Benchmark v1.6 (sections 1 and 3) names, the docker group's members, the paths auditd watches,
 * whether the data root is its own mount, and the kernel and distribution.
 */
final class HostReader {
  /** /etc/passwd and /etc/group of a host with many local accounts. */
  static final int MAX_ACCOUNTS_BYTES = 16 << 20;
  /** os-release, hostname and osrelease are a line or a few. */
  static final int MAX_SMALL_BYTES = 64 * 1024;
  /** Registries with certificates under /etc/docker/certs.d, and files in each. */
  static final int MAX_CERT_ENTRIES = 1000;

  static final List<String> UNIT_DIRS = List.of("/lib/systemd/system", "/usr/lib/systemd/system",
      "/etc/systemd/system");

  private final HostFs fs;

  HostReader(HostFs fs) {
    this.fs = fs;
  }

  /** What was read, with where each setting came from. */
  record Result(HostSettings settings, Provenance provenance) {}

  /**
   * @param sockets the Engine's unix sockets (the default one and the one the client used)
   */
  Result read(JsonNode info, Map<String, String> daemonOther, List<String> sockets, Location subject) {
    Provenance.Builder provenance = new Provenance.Builder(subject);
    String hostname = text(info, "Name")
        .or(() -> fs.read("/proc/sys/kernel/hostname", MAX_SMALL_BYTES).map(String::strip))
        .orElse("");
    Optional<String> kernel = fs.read("/proc/sys/kernel/osrelease", MAX_SMALL_BYTES).map(String::strip)
        .filter(s -> !s.isEmpty());
    provenance.put("kernelVersion", Location.field("/proc/sys/kernel/osrelease", ""));
    if (kernel.isEmpty()) {
      kernel = text(info, "KernelVersion");
      provenance.put("kernelVersion", Location.field("docker info", "KernelVersion"));
    }
    Optional<String> os = osRelease("/etc/os-release").or(() -> osRelease("/usr/lib/os-release"));
    provenance.put("osRelease", Location.field("/etc/os-release", "PRETTY_NAME"));
    if (os.isEmpty()) {
      os = text(info, "OperatingSystem");
      provenance.put("osRelease", Location.field("docker info", "OperatingSystem"));
    }

    Accounts accounts = Accounts.read(fs);
    String dataRoot = text(info, "DockerRootDir").orElse("/var/lib/docker");
    List<FileStat> files = new ArrayList<>();
    for (String path : filesToStat(dataRoot, daemonOther, sockets)) {
      files.add(stat(path, accounts));
      provenance.put("files[" + (files.size() - 1) + "]", Location.field(path, "stat"));
    }
    provenance.put("dockerGroupMembers", Location.field("/etc/group", "docker"));
    List<String> audited = AuditRules.watchedPaths(fs);
    provenance.put("auditedPaths", Location.field(AuditRules.RULES_DIR, "-w"));

    // dockerd bind-mounts its data root onto itself (root: the directory, not "/"); that is no partition.
    Optional<Boolean> separate = fs.read("/proc/1/mountinfo", MountInfo.MAX_BYTES)
        .map(t -> MountInfo.parse(t, "/proc/1/mountinfo"))
        .map(mounts -> mounts.stream().anyMatch(m -> m.mountPoint().equals(dataRoot) && m.root().equals("/")));
    provenance.put("separateDockerPartition", Location.field("/proc/1/mountinfo", dataRoot));

    HostSettings settings = new HostSettings(hostname, kernel, os, files, accounts.members("docker"), audited,
        separate);
    return new Result(settings, provenance.build());
  }

  /** The paths CIS sections 1 and 3 name, each once, in a stable order. */
  private List<String> filesToStat(String dataRoot, Map<String, String> daemonOther, List<String> sockets) {
    Set<String> paths = new LinkedHashSet<>();
    paths.add(firstExisting("/usr/bin/dockerd", "/usr/sbin/dockerd"));
    paths.add(dataRoot);
    paths.add("/etc/docker");
    for (String unit : List.of("docker.service", "docker.socket")) {
      Map<String, String> found = new LinkedHashMap<>();
      for (String dir : UNIT_DIRS) {
        String path = dir + "/" + unit;
        if (fs.exists(path)) {
          found.putIfAbsent(fs.resolve(path, true).toString(), path); // /lib is /usr/lib on merged-usr systems
        }
      }
      paths.addAll(found.isEmpty() ? List.of(UNIT_DIRS.getFirst() + "/" + unit) : found.values());
    }
    paths.add("/etc/default/docker");
    paths.add("/etc/sysconfig/docker");
    paths.add(daemonOther.getOrDefault("config-file", DaemonJson.DEFAULT_PATH));
    paths.add("/etc/containerd/config.toml");
    paths.add(firstExisting("/usr/bin/containerd", "/usr/sbin/containerd", "/usr/local/bin/containerd"));
    for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
      fs.list(dir).stream().filter(n -> n.startsWith("containerd-shim")).forEach(n -> paths.add(dir + "/" + n));
    }
    paths.add(firstExisting("/usr/bin/runc", "/usr/sbin/runc", "/usr/local/bin/runc", "/usr/local/sbin/runc"));
    paths.add("/run/containerd");
    paths.add("/run/containerd/containerd.sock");
    paths.addAll(sockets);
    paths.add("/etc/docker/certs.d");
    int entries = 0;
    for (String registry : fs.list("/etc/docker/certs.d")) {
      String dir = "/etc/docker/certs.d/" + registry;
      paths.add(dir);
      for (String file : fs.list(dir)) {
        if (++entries > MAX_CERT_ENTRIES) {
          throw new dev.bulwark.LimitExceededException("/etc/docker/certs.d", "entries", MAX_CERT_ENTRIES);
        }
        paths.add(dir + "/" + file);
      }
    }
    for (String key : List.of("tlscacert", "tlscert", "tlskey")) {
      String value = daemonOther.get(key);
      if (value != null && value.startsWith("/")) {
        paths.add(value);
      }
    }
    return List.copyOf(paths);
  }

  private String firstExisting(String... paths) {
    for (String path : paths) {
      if (fs.exists(path)) {
        return path;
      }
    }
    return paths[0];
  }

  FileStat stat(String path, Accounts accounts) {
    Optional<Map<String, Object>> attributes = fs.attributes(path, true);
    if (attributes.isEmpty()) {
      return new FileStat(path, "missing", "", "", "");
    }
    int mode = (Integer) attributes.orElseThrow().get("mode");
    int uid = (Integer) attributes.orElseThrow().get("uid");
    int gid = (Integer) attributes.orElseThrow().get("gid");
    String kind = switch (mode & 0170000) {
      case 0100000 -> "file";
      case 0040000 -> "directory";
      case 0140000 -> "socket";
      case 0120000 -> "symlink";
      default -> "other";
    };
    return new FileStat(path, kind, accounts.user(uid), accounts.group(gid), String.format("%04o", mode & 07777));
  }

  private Optional<String> osRelease(String path) {
    return fs.read(path, MAX_SMALL_BYTES).flatMap(text -> {
      for (String line : text.split("\n")) {
        if (line.startsWith("PRETTY_NAME=")) {
          String value = line.substring("PRETTY_NAME=".length()).strip();
          if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
              || value.startsWith("'") && value.endsWith("'"))) {
            value = value.substring(1, value.length() - 1);
          }
          return Optional.of(value);
        }
      }
      return Optional.empty();
    });
  }

  private static Optional<String> text(JsonNode node, String field) {
    String value = EngineJson.text(node, field);
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** Names of the host's users and groups from its /etc/passwd and /etc/group (not NSS). */
  record Accounts(Map<Integer, String> users, Map<Integer, String> groups, Map<String, List<String>> members,
      Map<Integer, List<String>> primary, Map<String, Integer> groupIds) {
    static Accounts read(HostFs fs) {
      Map<Integer, String> users = new HashMap<>();
      Map<Integer, List<String>> primary = new HashMap<>();
      fs.read("/etc/passwd", MAX_ACCOUNTS_BYTES).ifPresent(text -> {
        for (String line : text.split("\n")) {
          String[] f = line.split(":", -1);
          if (f.length >= 4 && f[2].matches("[0-9]{1,10}") && f[3].matches("[0-9]{1,10}")) {
            users.putIfAbsent((int) Long.parseLong(f[2]), f[0]);
            primary.computeIfAbsent((int) Long.parseLong(f[3]), k -> new ArrayList<>()).add(f[0]);
          }
        }
      });
      Map<Integer, String> groups = new HashMap<>();
      Map<String, List<String>> members = new HashMap<>();
      Map<String, Integer> groupIds = new HashMap<>();
      fs.read("/etc/group", MAX_ACCOUNTS_BYTES).ifPresent(text -> {
        for (String line : text.split("\n")) {
          String[] f = line.split(":", -1);
          if (f.length >= 4 && f[2].matches("[0-9]{1,10}")) {
            int gid = (int) Long.parseLong(f[2]);
            groups.putIfAbsent(gid, f[0]);
            groupIds.putIfAbsent(f[0], gid);
            List<String> names = new ArrayList<>();
            for (String member : f[3].split(",")) {
              if (!member.isBlank()) {
                names.add(member.strip());
              }
            }
            members.putIfAbsent(f[0], names);
          }
        }
      });
      return new Accounts(users, groups, members, primary, groupIds);
    }

    String user(int uid) {
      return users.getOrDefault(uid, String.valueOf(uid));
    }

    String group(int gid) {
      return groups.getOrDefault(gid, String.valueOf(gid));
    }

    /** The group's listed members and the users whose primary group it is, sorted, each once. */
    List<String> members(String group) {
      Set<String> out = new java.util.TreeSet<>(members.getOrDefault(group, List.of()));
      Integer gid = groupIds.get(group);
      if (gid != null) {
        out.addAll(primary.getOrDefault(gid, List.of()));
      }
      return List.copyOf(out);
    }
  }
}
