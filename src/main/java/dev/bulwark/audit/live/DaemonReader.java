package dev.bulwark.audit.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.audit.model.ContainerSettings.Ulimit;
import dev.bulwark.audit.model.DaemonSettings;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Provenance;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The daemon's configuration as it takes effect: dockerd's command line, then its daemon.json
 * ({@code --config-file}, else /etc/docker/daemon.json), then what the Engine reports (/info,
 * /version) for what neither sets. Each setting's location names where it was found.
 */
final class DaemonReader {
  /** The insecure range dockerd always adds; not something anyone configured. */
  static final String LOOPBACK_CIDR = "127.0.0.0/8";
  static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
  /** Flags and daemon.json keys that have a field of their own in the model. */
  static final Set<String> MODELLED = Set.of("host", "hosts", "tls", "tlsverify", "icc", "log-level", "iptables",
      "insecure-registry", "insecure-registries", "storage-driver", "default-ulimit", "default-ulimits",
      "userns-remap", "cgroup-parent", "authorization-plugin", "authorization-plugins", "log-driver", "live-restore",
      "userland-proxy", "seccomp-profile", "experimental", "no-new-privileges");

  /** What was read, and the inputs the host reader needs too. */
  record Result(DaemonSettings settings, Provenance provenance, Optional<DockerdCommandLine> commandLine,
      Optional<DaemonJson> daemonJson) {}

  private DaemonReader() {}

  /**
   * @param fs the host's files; empty for an Engine on another machine, read from its API alone
   * @param cmd the command line of the dockerd serving the Engine, when found
   */
  static Result read(Optional<HostFs> fs, Optional<DockerdCommandLine> cmd, JsonNode info, JsonNode version,
      Location subject) {
    String configPath = cmd.flatMap(c -> c.last("config-file")).orElse(DaemonJson.DEFAULT_PATH);
    Optional<DaemonJson> json = fs.flatMap(f -> DaemonJson.read(f, configPath));
    Sources s = new Sources(cmd, json, new TreeMap<>());

    List<String> securityOptions = EngineJson.strings(info.path("SecurityOptions"));
    s.provenance.put("securityOptions", Location.field("docker info", "SecurityOptions"));

    Optional<String> serverVersion = text(info, "ServerVersion");
    serverVersion.ifPresent(v -> s.provenance.put("version", Location.field("docker info", "ServerVersion")));
    Optional<String> containerd = component(version, "containerd", s, "containerdVersion")
        .or(() -> infoCommit(info, "ContainerdCommit", s, "containerdVersion"));
    Optional<String> runc = component(version, "runc", s, "runcVersion")
        .or(() -> infoCommit(info, "RuncCommit", s, "runcVersion"));
    List<String> backportedCves = fs.map(f -> backportedCves(f, serverVersion, containerd, runc, s)).orElse(List.of());

    List<String> hosts = s.list("hosts", "host", "hosts");
    if (hosts.isEmpty() && cmd.isPresent()) {
      hosts = List.of(DEFAULT_HOST); // dockerd's own default when neither names one
      s.provenance.put("hosts", s.cmdLocation("host"));
    }
    Optional<Boolean> tlsVerify = s.bool("tlsVerify", "tlsverify", "tlsverify");
    Optional<Boolean> tls = s.bool("tls", "tls", "tls");
    Optional<Boolean> icc = s.bool("icc", "icc", "icc");
    Optional<String> logLevel = s.string("logLevel", "log-level", "log-level");
    Optional<Boolean> iptables = s.bool("iptables", "iptables", "iptables");

    Set<String> insecure = new LinkedHashSet<>(s.list("insecureRegistries", "insecure-registry",
        "insecure-registries"));
    JsonNode registry = info.path("RegistryConfig");
    for (String cidr : EngineJson.strings(registry.path("InsecureRegistryCIDRs"))) {
      if (!cidr.equals(LOOPBACK_CIDR)) {
        insecure.add(cidr);
        s.provenance.putIfAbsent("insecureRegistries",
            Location.field("docker info", "RegistryConfig.InsecureRegistryCIDRs"));
      }
    }
    registry.path("IndexConfigs").properties().forEach(e -> {
      if (e.getValue().path("Secure").isBoolean() && !e.getValue().path("Secure").asBoolean()) {
        insecure.add(e.getKey());
        s.provenance.putIfAbsent("insecureRegistries", Location.field("docker info", "RegistryConfig.IndexConfigs"));
      }
    });

    Optional<String> storageDriver = s.string("storageDriver", "storage-driver", "storage-driver")
        .or(() -> s.fromInfo(info, "Driver", "storageDriver"));
    List<Ulimit> ulimits = defaultUlimits(s);
    Optional<String> usernsRemap = s.string("usernsRemap", "userns-remap", "userns-remap");
    if (usernsRemap.isEmpty() && securityOptions.stream().anyMatch(o -> o.startsWith("name=userns"))) {
      usernsRemap = Optional.of("enabled");
      s.provenance.put("usernsRemap", Location.field("docker info", "SecurityOptions"));
    }
    Optional<String> cgroupParent = s.string("cgroupParent", "cgroup-parent", "cgroup-parent");

    Set<String> authz = new LinkedHashSet<>(s.list("authorizationPlugins", "authorization-plugin",
        "authorization-plugins"));
    List<String> reported = EngineJson.strings(info.path("Plugins").path("Authorization"));
    if (!reported.isEmpty()) {
      authz.addAll(reported);
      s.provenance.put("authorizationPlugins", Location.field("docker info", "Plugins.Authorization"));
    }
    Optional<String> logDriver = s.fromInfo(info, "LoggingDriver", "logDriver")
        .or(() -> s.string("logDriver", "log-driver", "log-driver"));
    Optional<Boolean> liveRestore = info.path("LiveRestoreEnabled").isBoolean()
        ? s.boolFromInfo(info, "LiveRestoreEnabled", "liveRestore")
        : s.bool("liveRestore", "live-restore", "live-restore");
    Optional<Boolean> userlandProxy = s.bool("userlandProxy", "userland-proxy", "userland-proxy");
    Optional<String> seccompProfile = s.string("seccompProfile", "seccomp-profile", "seccomp-profile")
        .or(() -> securityOptions.stream().filter(o -> o.startsWith("name=seccomp")).findFirst().map(o -> {
          s.provenance.put("seccompProfile", Location.field("docker info", "SecurityOptions"));
          int at = o.indexOf("profile=");
          return at < 0 ? "default" : o.substring(at + "profile=".length()).split(",")[0];
        }));
    Optional<Boolean> experimental = s.bool("experimental", "experimental", "experimental")
        .or(() -> s.boolFromInfo(info, "ExperimentalBuild", "experimental"));
    Optional<Boolean> noNewPrivileges = s.bool("noNewPrivileges", "no-new-privileges", "no-new-privileges");
    if (noNewPrivileges.isEmpty() && securityOptions.contains("name=no-new-privileges")) {
      noNewPrivileges = Optional.of(true);
      s.provenance.put("noNewPrivileges", Location.field("docker info", "SecurityOptions"));
    }
    Optional<Boolean> rootless = Optional.of(securityOptions.contains("name=rootless"));

    Map<String, String> other = other(s, info);
    DaemonSettings settings = new DaemonSettings(serverVersion, containerd, runc, backportedCves, hosts,
        tls.orElse(false) || tlsVerify.orElse(false), tlsVerify.orElse(false), icc, logLevel, iptables,
        List.copyOf(insecure), storageDriver, ulimits, usernsRemap, cgroupParent, List.copyOf(authz), logDriver,
        liveRestore, userlandProxy, seccompProfile, experimental, noNewPrivileges, rootless, securityOptions, other);
    return new Result(settings, new Provenance(subject, s.provenance), cmd, json);
  }

  /** Flags and keys rules may want that the model has no field for, and the Engine's own facts. */
  private static Map<String, String> other(Sources s, JsonNode info) {
    Map<String, String> other = new TreeMap<>();
    for (String key : List.of("bridge", "data-root", "exec-root", "pidfile", "config-file", "tlscacert", "tlscert",
        "tlskey", "ip-masq", "ip6tables", "ip-forward", "default-runtime", "selinux-enabled", "group",
        "default-cgroupns-mode", "default-ipc-mode", "default-shm-size", "max-concurrent-downloads", "debug")) {
      s.string("other." + key, key, key).ifPresent(v -> other.put(key, v));
    }
    s.cmd.ifPresent(c -> c.flags().forEach((flag, values) -> {
      if (!MODELLED.contains(flag)) {
        other.putIfAbsent(flag, String.join(",", values));
      }
    }));
    s.json.ifPresent(j -> j.root().properties().forEach(e -> {
      if (!MODELLED.contains(e.getKey())) {
        other.putIfAbsent(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
      }
    }));
    Map<String, String> reported = Map.of("DockerRootDir", "docker-root-dir", "CgroupDriver", "cgroup-driver",
        "CgroupVersion", "cgroup-version", "DefaultRuntime", "default-runtime", "KernelVersion", "kernel-version",
        "OperatingSystem", "operating-system", "Name", "name", "ID", "id");
    reported.forEach((field, key) -> text(info, field).ifPresent(v -> {
      other.putIfAbsent(key, v);
      s.provenance.putIfAbsent("other." + key, Location.field("docker info", field));
    }));
    s.cmd.ifPresent(c -> {
      other.put("dockerd-pid", String.valueOf(c.pid()));
      other.put("command-line", String.join(" ", c.arguments()));
      s.provenance.put("other.command-line", Location.field("/proc/" + c.pid() + "/cmdline", ""));
    });
    s.json.ifPresent(j -> other.put("daemon-json", j.path()));
    return other;
  }

  /** {@code --default-ulimit nofile=1024:2048}, or daemon.json's {@code {"nofile": {"Soft": …, "Hard": …}}}. */
  private static List<Ulimit> defaultUlimits(Sources s) {
    List<Ulimit> out = new ArrayList<>();
    if (s.cmd.isPresent() && !s.cmd.orElseThrow().all("default-ulimit").isEmpty()) {
      for (String value : s.cmd.orElseThrow().all("default-ulimit")) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String[] limits = value.substring(eq + 1).split(":", 2);
        if (!limits[0].matches("-?[0-9]{1,19}") || limits.length > 1 && !limits[1].matches("-?[0-9]{1,19}")) {
          continue;
        }
        long soft = Long.parseLong(limits[0]);
        out.add(new Ulimit(value.substring(0, eq), soft, limits.length > 1 ? Long.parseLong(limits[1]) : soft));
      }
      s.provenance.put("defaultUlimits", s.cmdLocation("default-ulimit"));
    } else if (s.json.flatMap(j -> j.get("default-ulimits")).isPresent()) {
      s.json.orElseThrow().get("default-ulimits").orElseThrow().properties().forEach(e -> out.add(new Ulimit(
          e.getKey(), e.getValue().path("Soft").asLong(0), e.getValue().path("Hard").asLong(0))));
      s.provenance.put("defaultUlimits", s.jsonLocation("default-ulimits"));
    }
    return out;
  }

  /**
   * The CVEs the distribution packages of dockerd, containerd and runc say they fixed, when the
   * Engine runs those packages' binaries (Debian and Ubuntu name them docker.io, containerd, runc).
   */
  private static List<String> backportedCves(HostFs fs, Optional<String> docker, Optional<String> containerd,
      Optional<String> runc, Sources s) {
    List<PackageChangelogs.Fixes> found = Stream.of(
            docker.flatMap(v -> PackageChangelogs.read(fs, "docker.io", v)),
            containerd.flatMap(v -> PackageChangelogs.read(fs, "containerd", v)),
            runc.flatMap(v -> PackageChangelogs.read(fs, "runc", v)))
        .flatMap(Optional::stream).toList();
    if (!found.isEmpty()) {
      s.provenance.put("backportedCves", Location.field(
          String.join(", ", found.stream().map(PackageChangelogs.Fixes::changelog).toList()), ""));
    }
    return found.stream().flatMap(f -> f.cves().stream()).distinct().sorted().toList();
  }

  private static Optional<String> component(JsonNode version, String name, Sources s, String path) {
    for (JsonNode c : version.path("Components")) {
      if (name.equals(c.path("Name").asText()) && !c.path("Version").asText().isEmpty()) {
        s.provenance.put(path, Location.field("docker version", "Components[" + name + "].Version"));
        return Optional.of(c.path("Version").asText());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> infoCommit(JsonNode info, String field, Sources s, String path) {
    return text(info.path(field), "ID").map(id -> {
      s.provenance.put(path, Location.field("docker info", field + ".ID"));
      return id;
    });
  }

  private static Optional<String> text(JsonNode node, String field) {
    String value = EngineJson.text(node, field);
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** The command line, then daemon.json, for one setting; recording where it was found. */
  private record Sources(Optional<DockerdCommandLine> cmd, Optional<DaemonJson> json,
      Map<String, Location> provenance) {
    Location cmdLocation(String flag) {
      int pid = cmd.map(DockerdCommandLine::pid).orElse(0);
      return Location.field("/proc/" + pid + "/cmdline", "--" + flag);
    }

    Location jsonLocation(String key) {
      DaemonJson j = json.orElseThrow();
      return Location.line(j.path(), j.line(key), key);
    }

    <T> Optional<T> first(String path, String flag, String key, Function<String, T> fromFlag,
        Function<JsonNode, T> fromJson) {
      if (cmd.isPresent() && cmd.orElseThrow().last(flag).isPresent()) {
        provenance.put(path, cmdLocation(flag));
        return Optional.of(fromFlag.apply(cmd.orElseThrow().last(flag).orElseThrow()));
      }
      if (json.isPresent() && json.orElseThrow().get(key).isPresent()) {
        provenance.put(path, jsonLocation(key));
        return Optional.of(fromJson.apply(json.orElseThrow().get(key).orElseThrow()));
      }
      return Optional.empty();
    }

    Optional<String> string(String path, String flag, String key) {
      return first(path, flag, key, v -> v, n -> n.isValueNode() ? n.asText() : n.toString());
    }

    Optional<Boolean> bool(String path, String flag, String key) {
      return first(path, flag, key, v -> !v.equalsIgnoreCase("false") && !v.equals("0"), JsonNode::asBoolean);
    }

    /** Every value of a repeatable flag, plus the list under {@code key} in daemon.json. */
    List<String> list(String path, String flag, String key) {
      List<String> out = new ArrayList<>();
      if (cmd.isPresent() && !cmd.orElseThrow().all(flag).isEmpty()) {
        out.addAll(cmd.orElseThrow().all(flag));
        provenance.put(path, cmdLocation(flag));
      }
      if (json.isPresent() && json.orElseThrow().get(key).isPresent()) {
        JsonNode node = json.orElseThrow().get(key).orElseThrow();
        if (node.isArray()) {
          node.forEach(n -> out.add(n.asText()));
        } else {
          out.add(node.asText());
        }
        provenance.putIfAbsent(path, jsonLocation(key));
      }
      return out;
    }

    Optional<String> fromInfo(JsonNode info, String field, String path) {
      return text(info, field).map(v -> {
        provenance.putIfAbsent(path, Location.field("docker info", field));
        return v;
      });
    }

    Optional<Boolean> boolFromInfo(JsonNode info, String field, String path) {
      if (!info.path(field).isBoolean()) {
        return Optional.empty();
      }
      provenance.put(path, Location.field("docker info", field));
      return Optional.of(info.path(field).asBoolean());
    }
  }
}
