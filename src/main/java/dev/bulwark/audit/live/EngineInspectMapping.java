package dev.bulwark.audit.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.ContainerSettings.Capabilities;
import dev.bulwark.audit.model.ContainerSettings.Device;
import dev.bulwark.audit.model.ContainerSettings.EnvVar;
import dev.bulwark.audit.model.ContainerSettings.Healthcheck;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.ContainerSettings.Namespaces;
import dev.bulwark.audit.model.ContainerSettings.Port;
import dev.bulwark.audit.model.ContainerSettings.Resources;
import dev.bulwark.audit.model.ContainerSettings.RestartPolicy;
import dev.bulwark.audit.model.ContainerSettings.Ulimit;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The live source's own reading of Engine inspect answers: the fields the audit and the kernel
 * comparison need. The audit's docker-inspect adapter reads the same shape; when both are merged
 * this yields to it.
 */
final class EngineInspectMapping implements InspectMapping {
  @Override
  public ContainerSettings map(JsonNode inspect, String source, Provenance.Builder provenance) {
    JsonNode host = inspect.path("HostConfig");
    JsonNode config = inspect.path("Config");
    Fields f = new Fields(source, provenance);

    String name = text(inspect, "Name").replaceFirst("^/", "");
    Optional<String> image = f.optional("image", config, "Config.Image");
    Optional<String> imageId = f.optional("imageDigest", inspect, "Image");
    Optional<String> user = f.optional("user", config, "Config.User");
    Optional<Long> uid = user.flatMap(u -> numericPart(u, 0));
    Optional<Long> gid = user.flatMap(u -> numericPart(u, 1));
    boolean privileged = host.path("Privileged").asBoolean(false);
    f.put("privileged", "HostConfig.Privileged");

    List<String> add = strings(host.path("CapAdd"));
    List<String> drop = strings(host.path("CapDrop"));
    f.put("capabilities.add", "HostConfig.CapAdd");
    f.put("capabilities.drop", "HostConfig.CapDrop");
    f.put("capabilities.effective", "HostConfig.CapAdd");
    Capabilities capabilities = new Capabilities(add, drop,
        dev.bulwark.audit.live.Capabilities.effective(privileged, add, drop));

    SecurityOptions security = SecurityOptions.parse(strings(host.path("SecurityOpt")));
    f.put("seccomp", "HostConfig.SecurityOpt");
    f.put("noNewPrivileges", "HostConfig.SecurityOpt");
    f.put("selinuxOptions", "HostConfig.SecurityOpt");
    Optional<String> apparmor = security.apparmor();
    if (apparmor.isPresent()) {
      f.put("apparmor", "HostConfig.SecurityOpt");
    } else if (!text(inspect, "AppArmorProfile").isEmpty()) {
      apparmor = Optional.of(text(inspect, "AppArmorProfile"));
      f.put("apparmor", "AppArmorProfile");
    }

    boolean readOnly = host.path("ReadonlyRootfs").asBoolean(false);
    f.put("readOnlyRootFilesystem", "HostConfig.ReadonlyRootfs");

    List<Mount> mounts = new ArrayList<>();
    JsonNode mountList = inspect.path("Mounts");
    for (int i = 0; i < mountList.size(); i++) {
      JsonNode m = mountList.get(i);
      String type = text(m, "Type");
      String mountSource = type.equals("volume") && !text(m, "Name").isEmpty() ? text(m, "Name") : text(m, "Source");
      String propagation = text(m, "Propagation");
      mounts.add(new Mount(type, mountSource, text(m, "Destination"), !m.path("RW").asBoolean(true),
          propagation.isEmpty() ? Optional.empty() : Optional.of(propagation)));
      f.put("mounts[" + i + "]", "Mounts[" + i + "]");
    }

    List<Device> devices = new ArrayList<>();
    JsonNode deviceList = host.path("Devices");
    for (int i = 0; i < deviceList.size(); i++) {
      JsonNode d = deviceList.get(i);
      devices.add(new Device(text(d, "PathOnHost"), text(d, "PathInContainer"), text(d, "CgroupPermissions")));
      f.put("devices[" + i + "]", "HostConfig.Devices[" + i + "]");
    }

    Namespaces namespaces = new Namespaces(mode(text(host, "PidMode")), mode(text(host, "NetworkMode")),
        mode(text(host, "IpcMode")), mode(text(host, "UTSMode")), mode(text(host, "UsernsMode")),
        mode(text(host, "CgroupnsMode")));
    f.put("namespaces.pid", "HostConfig.PidMode");
    f.put("namespaces.network", "HostConfig.NetworkMode");
    f.put("namespaces.ipc", "HostConfig.IpcMode");
    f.put("namespaces.uts", "HostConfig.UTSMode");
    f.put("namespaces.user", "HostConfig.UsernsMode");
    f.put("namespaces.cgroup", "HostConfig.CgroupnsMode");

    Resources resources = new Resources(positive(host.path("Memory")), positive(host.path("MemorySwap")),
        cpus(host), positive(host.path("CpuShares")), positive(host.path("PidsLimit")), ulimits(host.path("Ulimits")));
    f.put("resources.memoryBytes", "HostConfig.Memory");
    f.put("resources.memorySwapBytes", "HostConfig.MemorySwap");
    f.put("resources.cpus", host.path("NanoCpus").asLong(0) > 0 ? "HostConfig.NanoCpus" : "HostConfig.CpuQuota");
    f.put("resources.cpuShares", "HostConfig.CpuShares");
    f.put("resources.pidsLimit", "HostConfig.PidsLimit");
    f.put("resources.ulimits", "HostConfig.Ulimits");

    Optional<List<String>> masked = host.path("MaskedPaths").isArray()
        ? Optional.of(strings(host.path("MaskedPaths"))) : Optional.empty();
    Optional<List<String>> readonlyPaths = host.path("ReadonlyPaths").isArray()
        ? Optional.of(strings(host.path("ReadonlyPaths"))) : Optional.empty();
    f.put("maskedPaths", "HostConfig.MaskedPaths");
    f.put("readonlyPaths", "HostConfig.ReadonlyPaths");

    Map<String, String> sysctls = new TreeMap<>();
    host.path("Sysctls").properties().forEach(e -> sysctls.put(e.getKey(), e.getValue().asText()));
    f.put("sysctls", "HostConfig.Sysctls");

    List<EnvVar> env = new ArrayList<>();
    for (String entry : strings(config.path("Env"))) {
      int eq = entry.indexOf('=');
      env.add(eq < 0 ? new EnvVar(entry, Optional.empty(), false)
          : new EnvVar(entry.substring(0, eq), Optional.of(entry.substring(eq + 1)), false));
    }
    f.put("env", "Config.Env");

    List<Port> ports = ports(inspect.path("NetworkSettings").path("Ports").isObject()
        ? inspect.path("NetworkSettings").path("Ports") : host.path("PortBindings"));
    f.put("ports", "NetworkSettings.Ports");

    Optional<Healthcheck> healthcheck = Optional.empty();
    if (config.path("Healthcheck").isObject()) {
      List<String> test = strings(config.path("Healthcheck").path("Test"));
      healthcheck = Optional.of(new Healthcheck(test, !test.isEmpty() && test.getFirst().equals("NONE")));
      f.put("healthcheck", "Config.Healthcheck");
    }
    Optional<RestartPolicy> restart = Optional.empty();
    if (host.path("RestartPolicy").isObject()) {
      String policy = text(host.path("RestartPolicy"), "Name");
      restart = Optional.of(new RestartPolicy(policy.isEmpty() ? "no" : policy,
          host.path("RestartPolicy").path("MaximumRetryCount").asInt(0)));
      f.put("restartPolicy", "HostConfig.RestartPolicy");
    }
    Optional<String> runtime = f.optional("runtime", host, "HostConfig.Runtime");
    Optional<String> logDriver = host.path("LogConfig").isObject()
        ? f.optional("logDriver", host.path("LogConfig"), "Type", "HostConfig.LogConfig.Type") : Optional.empty();
    List<String> commandWords = new ArrayList<>();
    if (!text(inspect, "Path").isEmpty()) {
      commandWords.add(text(inspect, "Path"));
    }
    commandWords.addAll(strings(inspect.path("Args")));
    Optional<String> command = commandWords.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", commandWords));
    f.put("command", "Path");

    return new ContainerSettings(name, image, imageId, user, uid, gid, privileged, capabilities, security.seccomp(),
        apparmor, security.selinux(), security.noNewPrivileges(), Optional.empty(), readOnly, mounts, devices,
        namespaces, resources, masked, readonlyPaths, Optional.empty(), sysctls, env, ports, healthcheck, restart,
        runtime, logDriver, command, Optional.empty());
  }

  /** {@code HostConfig.*Mode}: {@code host}, {@code container:ID}, else the container's own. */
  static String mode(String value) {
    if (value.equals("host")) {
      return "host";
    }
    if (value.startsWith("container:")) {
      return value;
    }
    return "private";
  }

  /** The numeric user or group of {@code uid[:gid]}, when numeric. */
  static Optional<Long> numericPart(String user, int index) {
    String[] parts = user.split(":", 2);
    if (index >= parts.length || !parts[index].matches("[0-9]{1,10}")) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(parts[index]));
  }

  private static Optional<Double> cpus(JsonNode host) {
    long nano = host.path("NanoCpus").asLong(0);
    if (nano > 0) {
      return Optional.of(nano / 1e9);
    }
    long quota = host.path("CpuQuota").asLong(0);
    long period = host.path("CpuPeriod").asLong(0);
    return quota > 0 ? Optional.of((double) quota / (period > 0 ? period : 100_000)) : Optional.empty();
  }

  private static List<Ulimit> ulimits(JsonNode list) {
    List<Ulimit> out = new ArrayList<>();
    for (JsonNode u : list) {
      out.add(new Ulimit(text(u, "Name"), u.path("Soft").asLong(0), u.path("Hard").asLong(0)));
    }
    return out;
  }

  /** {@code {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}}; an unpublished port has null. */
  private static List<Port> ports(JsonNode map) {
    List<Port> out = new ArrayList<>();
    map.properties().forEach(e -> {
      String[] key = e.getKey().split("/", 2);
      if (!key[0].matches("[0-9]{1,5}")) {
        return;
      }
      int containerPort = Integer.parseInt(key[0]);
      String protocol = key.length > 1 ? key[1] : "tcp";
      if (!e.getValue().isArray() || e.getValue().isEmpty()) {
        out.add(new Port(containerPort, Optional.empty(), "", protocol));
        return;
      }
      for (JsonNode binding : e.getValue()) {
        String hostPort = text(binding, "HostPort");
        String hostIp = text(binding, "HostIp");
        out.add(new Port(containerPort, hostPort.matches("[0-9]{1,5}") ? Optional.of(Integer.parseInt(hostPort))
            : Optional.empty(), hostIp.equals("0.0.0.0") || hostIp.equals("::") ? "" : hostIp, protocol));
      }
    });
    return out;
  }

  private static Optional<Long> positive(JsonNode node) {
    long value = node.asLong(0);
    return value > 0 ? Optional.of(value) : Optional.empty();
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : "";
  }

  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  /** Records provenance as fields are read. */
  private record Fields(String source, Provenance.Builder provenance) {
    void put(String path, String field) {
      provenance.put(path, Location.field(source, field));
    }

    Optional<String> optional(String path, JsonNode node, String field) {
      return optional(path, node, field.substring(field.lastIndexOf('.') + 1), field);
    }

    Optional<String> optional(String path, JsonNode node, String key, String field) {
      String value = text(node, key);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      put(path, field);
      return Optional.of(value);
    }
  }
}
