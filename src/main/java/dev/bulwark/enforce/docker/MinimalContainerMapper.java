package dev.bulwark.enforce.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.ContainerSettings.Capabilities;
import dev.bulwark.audit.model.ContainerSettings.Device;
import dev.bulwark.audit.model.ContainerSettings.EnvVar;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.ContainerSettings.Namespaces;
import dev.bulwark.audit.model.ContainerSettings.Resources;
import dev.bulwark.audit.model.ContainerSettings.Ulimit;
import dev.bulwark.audit.model.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The guard's own reading of Config and HostConfig, limited to what enforcement checks: privilege,
 * capabilities (normalized as dockerd does), mounts from Binds and Mounts, devices, namespaces,
 * security options, limits, user and image. The audit's docker-inspect mapper supersedes it.
 */
public final class MinimalContainerMapper implements ContainerMapper {
  /** Docker's default capability set (moby oci/caps/defaults.go). */
  static final List<String> DEFAULT_CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD",
      "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE");

  /** Every capability of Linux 6.x, as a privileged container gets them. */
  static final List<String> ALL_CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID",
      "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN",
      "NET_RAW", "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
      "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE",
      "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
      "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

  @Override
  public Mapped map(JsonNode inspect, Location where) {
    JsonNode config = inspect.path("Config");
    JsonNode host = inspect.path("HostConfig");
    Map<String, Location> fields = new LinkedHashMap<>();
    String source = where.source();
    boolean privileged = host.path("Privileged").asBoolean(false);
    fields.put("privileged", Location.field(source, "HostConfig.Privileged"));

    List<String> add = capabilityNames(host.path("CapAdd"));
    List<String> drop = capabilityNames(host.path("CapDrop"));
    if (host.path("Capabilities").isArray()) { // replaces the default set where an Engine honours it
      add = new ArrayList<>(add);
      add.addAll(capabilityNames(host.path("Capabilities")));
      drop = new ArrayList<>(drop);
      drop.add("ALL");
    }
    fields.put("capabilities.add", Location.field(source, "HostConfig.CapAdd"));
    fields.put("capabilities.drop", Location.field(source, "HostConfig.CapDrop"));

    Optional<String> seccomp = Optional.empty();
    Optional<String> apparmor = Optional.empty();
    Optional<Boolean> noNewPrivileges = Optional.empty();
    List<String> selinux = new ArrayList<>();
    for (String option : strings(host.path("SecurityOpt"))) { // dockerd's parseSecurityOpt: later ones win
      if (option.equals("no-new-privileges")) {
        noNewPrivileges = Optional.of(true);
        continue;
      }
      String[] kv = option.contains("=") ? option.split("=", 2) : option.split(":", 2);
      if (kv.length != 2) {
        continue;
      }
      switch (kv[0]) {
        case "seccomp" -> seccomp = Optional.of(kv[1]);
        case "apparmor" -> apparmor = Optional.of(kv[1]);
        case "label" -> selinux.add(kv[1]);
        case "no-new-privileges" -> noNewPrivileges = parseBool(kv[1]);
        default -> { }
      }
    }
    fields.put("seccomp", Location.field(source, "HostConfig.SecurityOpt"));
    fields.put("noNewPrivileges", Location.field(source, "HostConfig.SecurityOpt"));

    List<Mount> mounts = new ArrayList<>();
    List<String> binds = strings(host.path("Binds"));
    for (int i = 0; i < binds.size(); i++) {
      fields.put("mounts[" + mounts.size() + "]", Location.field(source, "HostConfig.Binds[" + i + "]"));
      mounts.add(bind(binds.get(i)));
    }
    JsonNode apiMounts = host.path("Mounts");
    for (int i = 0; i < apiMounts.size(); i++) {
      JsonNode m = apiMounts.get(i);
      fields.put("mounts[" + mounts.size() + "]", Location.field(source, "HostConfig.Mounts[" + i + "]"));
      String type = m.path("Type").asText("");
      mounts.add(new Mount(type.isEmpty() ? "volume" : type, type.equals("bind") ? cleanPath(m.path("Source").asText(""))
          : m.path("Source").asText(""), m.path("Target").asText(""), m.path("ReadOnly").asBoolean(false),
          text(m.path("BindOptions").path("Propagation"))));
    }
    host.path("Tmpfs").properties().forEach(e -> mounts.add(new Mount("tmpfs", "", e.getKey(),
        e.getValue().asText("").contains("ro"), Optional.empty())));

    List<Device> devices = new ArrayList<>();
    for (JsonNode d : host.path("Devices")) {
      devices.add(new Device(d.path("PathOnHost").asText(""), d.path("PathInContainer").asText(""),
          d.path("CgroupPermissions").asText("")));
    }
    fields.put("devices", Location.field(source, "HostConfig.Devices"));

    Namespaces namespaces = new Namespaces(
        namespace(host.path("PidMode").asText("")),
        namespace(host.path("NetworkMode").asText("")),
        namespace(host.path("IpcMode").asText("")),
        namespace(host.path("UTSMode").asText("")),
        namespace(host.path("UsernsMode").asText("")),
        namespace(host.path("CgroupnsMode").asText("")));
    fields.put("namespaces.pid", Location.field(source, "HostConfig.PidMode"));
    fields.put("namespaces.network", Location.field(source, "HostConfig.NetworkMode"));
    fields.put("namespaces.ipc", Location.field(source, "HostConfig.IpcMode"));
    fields.put("namespaces.uts", Location.field(source, "HostConfig.UTSMode"));
    fields.put("namespaces.user", Location.field(source, "HostConfig.UsernsMode"));

    long pids = host.path("PidsLimit").asLong(0);
    List<Ulimit> ulimits = new ArrayList<>();
    for (JsonNode u : host.path("Ulimits")) {
      ulimits.add(new Ulimit(u.path("Name").asText(""), u.path("Soft").asLong(0), u.path("Hard").asLong(0)));
    }
    Resources resources = new Resources(
        positive(host.path("Memory").asLong(0)),
        host.path("MemorySwap").asLong(0) != 0 ? Optional.of(host.path("MemorySwap").asLong()) : Optional.empty(),
        host.path("NanoCpus").asLong(0) > 0 ? Optional.of(host.path("NanoCpus").asLong() / 1e9) : Optional.empty(),
        positive(host.path("CpuShares").asLong(0)),
        positive(pids), // 0 and -1 mean unlimited
        ulimits);
    fields.put("resources.memoryBytes", Location.field(source, "HostConfig.Memory"));
    fields.put("resources.pidsLimit", Location.field(source, "HostConfig.PidsLimit"));
    fields.put("resources.cpus", Location.field(source, "HostConfig.NanoCpus"));

    Optional<String> user = text(config.path("User"));
    fields.put("user", Location.field(source, "Config.User"));
    Optional<Long> uid = user.flatMap(u -> numeric(u.split(":", 2)[0]));
    Optional<Long> gid = user.filter(u -> u.contains(":")).flatMap(u -> numeric(u.split(":", 2)[1]));

    List<EnvVar> env = new ArrayList<>();
    for (String e : strings(config.path("Env"))) {
      int eq = e.indexOf('=');
      env.add(eq < 0 ? new EnvVar(e, Optional.empty(), false)
          : new EnvVar(e.substring(0, eq), Optional.of(e.substring(eq + 1)), false));
    }
    Map<String, String> sysctls = new LinkedHashMap<>();
    host.path("Sysctls").properties().forEach(e -> sysctls.put(e.getKey(), e.getValue().asText("")));
    List<String> command = new ArrayList<>(strings(config.path("Entrypoint")));
    command.addAll(strings(config.path("Cmd")));

    ContainerSettings settings = new ContainerSettings(
        inspect.path("Name").asText(""),
        text(config.path("Image")),
        Optional.empty(),
        user, uid, gid,
        privileged,
        new Capabilities(add, drop, effective(privileged, add, drop)),
        seccomp, apparmor, selinux, noNewPrivileges,
        Optional.empty(),
        host.path("ReadonlyRootfs").asBoolean(false),
        mounts, devices, namespaces, resources,
        host.path("MaskedPaths").isArray() ? Optional.of(strings(host.path("MaskedPaths"))) : Optional.empty(),
        host.path("ReadonlyPaths").isArray() ? Optional.of(strings(host.path("ReadonlyPaths"))) : Optional.empty(),
        Optional.empty(),
        sysctls, env, List.of(),
        Optional.empty(), Optional.empty(),
        text(host.path("Runtime")),
        text(host.path("LogConfig").path("Type")),
        command.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", command)),
        Optional.empty());
    fields.put("readOnlyRootFilesystem", Location.field(source, "HostConfig.ReadonlyRootfs"));
    fields.put("image", Location.field(source, "Config.Image"));
    return new Mapped(settings, fields);
  }

  /** dockerd's reading of a capability name: Go's strings.ToUpper, then the CAP_ prefix. */
  static List<String> capabilityNames(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (String name : strings(list)) {
      String upper = goToUpper(name);
      out.add(upper.startsWith("CAP_") ? upper.substring(4) : upper);
    }
    return out;
  }

  /** Go's strings.ToUpper: simple, per code point (so {@code ſ} becomes S), unlike Java's full mapping. */
  static String goToUpper(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> out.appendCodePoint(Character.toUpperCase(c)));
    return out.toString();
  }

  /** moby's TweakCapabilities. */
  static List<String> effective(boolean privileged, List<String> add, List<String> drop) {
    if (privileged || add.contains("ALL")) {
      return privileged ? ALL_CAPABILITIES : ALL_CAPABILITIES.stream().filter(c -> !drop.contains(c)).toList();
    }
    Set<String> caps = new LinkedHashSet<>();
    if (!drop.contains("ALL")) {
      DEFAULT_CAPABILITIES.stream().filter(c -> !drop.contains(c)).forEach(caps::add);
    }
    caps.addAll(add);
    return List.copyOf(caps);
  }

  /** {@code SRC:DST[:OPTIONS]}; a source that is not an absolute path names a volume. */
  static Mount bind(String spec) {
    String[] parts = spec.split(":", -1);
    String source = parts[0];
    String target = parts.length > 1 ? parts[1] : parts[0];
    List<String> options = parts.length > 2 ? List.of(parts[2].split(",")) : List.of();
    Optional<String> propagation = options.stream()
        .filter(o -> List.of("private", "rprivate", "shared", "rshared", "slave", "rslave").contains(o)).findFirst();
    boolean bind = source.startsWith("/");
    return new Mount(bind ? "bind" : "volume", bind ? cleanPath(source) : source, target, options.contains("ro"),
        propagation);
  }

  /** Go's path.Clean for absolute paths: no empty, "." or ".." elements. */
  static String cleanPath(String path) {
    if (path.isEmpty()) {
      return path;
    }
    List<String> parts = new ArrayList<>();
    for (String element : path.split("/")) {
      if (element.isEmpty() || element.equals(".")) {
        continue;
      }
      if (element.equals("..")) {
        if (!parts.isEmpty()) {
          parts.removeLast();
        }
        continue;
      }
      parts.add(element);
    }
    return path.startsWith("/") ? "/" + String.join("/", parts) : String.join("/", parts);
  }

  /** dockerd's modes: {@code host}, {@code container:NAME}; anything else is the container's own. */
  static String namespace(String mode) {
    if (mode.equals("host")) {
      return "host";
    }
    if (mode.startsWith("container:")) {
      return mode;
    }
    return "private";
  }

  static Optional<Boolean> parseBool(String value) { // Go's strconv.ParseBool
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
      case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  private static Optional<Long> positive(long value) {
    return value > 0 ? Optional.of(value) : Optional.empty();
  }

  private static Optional<Long> numeric(String s) {
    return s.matches("[0-9]{1,10}") ? Optional.of(Long.parseLong(s)) : Optional.empty();
  }

  static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
  }

  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText("")));
    }
    return out;
  }
}
