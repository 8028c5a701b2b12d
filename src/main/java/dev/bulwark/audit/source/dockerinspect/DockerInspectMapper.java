package dev.bulwark.audit.source.dockerinspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.audit.model.ContainerSettings.Device;
import dev.bulwark.audit.model.ContainerSettings.EnvVar;
import dev.bulwark.audit.model.ContainerSettings.Healthcheck;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.ContainerSettings.Port;
import dev.bulwark.audit.model.ContainerSettings.RestartPolicy;
import dev.bulwark.audit.model.ContainerSettings.Ulimit;
import dev.bulwark.audit.model.ImageSettings;
import dev.bulwark.audit.model.Provenance;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.model.SubjectRef;
import dev.bulwark.audit.source.ContainerBuilder;
import dev.bulwark.audit.source.DockerOptions;
import dev.bulwark.audit.source.tree.Cursor;
import dev.bulwark.audit.source.tree.JsonDocuments;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Maps the Docker Engine's inspect objects (what {@code docker inspect} prints, and
 * {@code GET /containers/ID/json} returns) to subjects. Pure: the same JSON gives the same subject.
 * Provenance cites API field paths ({@code HostConfig.Privileged}), with the line when read from a file.
 *
 * <p>A container's {@code Mounts} (what the Engine mounted) are preferred to {@code HostConfig.Binds}
 * and {@code HostConfig.Mounts} (what was asked); {@code HostConfig.Tmpfs} is added. Zero means unset
 * for limits ({@code Memory}, {@code NanoCpus}, {@code CpuShares}); {@code PidsLimit} 0 or -1 is
 * unlimited. An empty {@code UsernsMode} is the host's user namespace unless the daemon remaps (see the
 * daemon subject), an empty {@code CgroupnsMode} a private one (Docker's default on cgroup v2). A field
 * present with a zero, empty or null value is cited as where its absence was decided. A running
 * container's published ports are the Engine's ({@code NetworkSettings.Ports}, with the host ports
 * {@code -P} chose); otherwise those asked for.
 */
public final class DockerInspectMapper {
  private DockerInspectMapper() {}

  /** A container from the Engine's inspect JSON; {@code source} names it in evidence ({@code docker inspect web}). */
  public static Subject.Container container(JsonNode container, String source) {
    return container(Cursor.root(source, JsonDocuments.of(container)));
  }

  /** An image from the Engine's image inspect JSON. */
  public static Subject.Image image(JsonNode image, String source) {
    return image(Cursor.root(source, JsonDocuments.of(image)));
  }

  /** Whether an inspect object describes a container (rather than an image). */
  public static boolean isContainer(Cursor object) {
    return object.get("HostConfig").exists() || object.get("State").exists();
  }

  public static Subject.Container container(Cursor c) {
    String name = c.get("Name").textOr("").replaceFirst("^/", "");
    String id = c.get("Id").textOr("");
    ContainerBuilder b = new ContainerBuilder(name.isEmpty() ? shortId(id) : name, c.location());
    Cursor config = c.get("Config");
    Cursor host = c.get("HostConfig");
    text(config, "Image").ifPresent(v -> b.image(v, config.get("Image").location()));
    text(c, "Image").filter(v -> v.startsWith("sha256:")).ifPresent(v -> b.imageDigest(v, c.get("Image").location()));
    text(config, "User").ifPresent(v -> b.user(v, config.get("User").location()));
    host.get("Privileged").bool().ifPresent(v -> b.privileged(v, host.get("Privileged").location()));
    if (host.get("CapAdd").exists()) {
      b.capAdd(host.get("CapAdd").strings(), host.get("CapAdd").location());
    }
    if (host.get("CapDrop").exists()) {
      b.capDrop(host.get("CapDrop").strings(), host.get("CapDrop").location());
    }
    cite(b, "capabilities.add", host.get("CapAdd"));
    cite(b, "capabilities.drop", host.get("CapDrop"));
    securityOptions(b, c, host);
    for (String path : List.of("seccomp", "noNewPrivileges", "selinuxOptions")) {
      cite(b, path, host.get("SecurityOpt"));
    }
    Cursor readOnly = host.get("ReadonlyRootfs");
    readOnly.bool().ifPresent(v -> b.readOnlyRootFilesystem(v, readOnly.location()));
    mounts(b, c, host);
    for (Cursor device : host.get("Devices").items()) {
      String hostPath = device.get("PathOnHost").textOr("");
      b.device(new Device(hostPath, device.get("PathInContainer").textOr(hostPath),
          device.get("CgroupPermissions").textOr("rwm")), device.location());
    }
    namespace(b, host, "PidMode", "pid");
    namespace(b, host, "NetworkMode", "network");
    namespace(b, host, "IpcMode", "ipc");
    namespace(b, host, "UTSMode", "uts");
    namespace(b, host, "UsernsMode", "user");
    namespace(b, host, "CgroupnsMode", "cgroup");
    text(host, "NetworkMode").ifPresent(v -> b.networkMode(v, host.get("NetworkMode").location()));
    text(host, "CgroupParent").ifPresent(v -> b.cgroupParent(v, host.get("CgroupParent").location()));
    cite(b, "cgroupParent", host.get("CgroupParent"));
    host.get("Init").bool().ifPresent(v -> b.init(v, host.get("Init").location()));
    resources(b, host);
    for (Map.Entry<String, Cursor> sysctl : host.get("Sysctls").entries().entrySet()) {
      b.sysctl(sysctl.getKey(), sysctl.getValue().textOr(""), sysctl.getValue().location());
    }
    if (host.get("MaskedPaths").exists()) {
      b.maskedPaths(host.get("MaskedPaths").strings(), host.get("MaskedPaths").location());
    }
    if (host.get("ReadonlyPaths").exists()) {
      b.readonlyPaths(host.get("ReadonlyPaths").strings(), host.get("ReadonlyPaths").location());
    }
    cite(b, "maskedPaths", host.get("MaskedPaths"));
    cite(b, "readonlyPaths", host.get("ReadonlyPaths"));
    for (Cursor variable : config.get("Env").items()) {
      b.env(env(variable.textOr("")), variable.location());
    }
    ports(b, c, config, host);
    Cursor test = config.get("Healthcheck").get("Test");
    if (test.exists()) {
      List<String> words = test.strings();
      b.healthcheck(new Healthcheck(words, !words.isEmpty() && words.getFirst().equals("NONE")), test.location());
    }
    Cursor restart = host.get("RestartPolicy");
    restart.get("Name").text().ifPresent(n -> b.restartPolicy(new RestartPolicy(n.isEmpty() ? "no" : n,
        (int) restart.get("MaximumRetryCount").integer().orElse(0L).longValue()), restart.location()));
    cite(b, "runtime", host.get("Runtime"));
    text(host, "Runtime").ifPresent(v -> b.runtime(v, host.get("Runtime").location()));
    text(host.get("LogConfig"), "Type").ifPresent(v -> b.logDriver(v, host.get("LogConfig").get("Type").location()));
    List<String> command = new ArrayList<>(config.get("Entrypoint").strings());
    command.addAll(config.get("Cmd").strings());
    if (!command.isEmpty()) {
      String field = config.get("Entrypoint").exists() ? "Entrypoint" : "Cmd";
      b.command(String.join(" ", command), config.get(field).location());
    }
    SubjectRef ref = new SubjectRef("docker-container", name.isEmpty() ? shortId(id) : name,
        id.isEmpty() ? Optional.empty() : Optional.of(id), fileOf(c), lineOf(c));
    return new Subject.Container(ref, b.build(), Optional.empty(), b.provenance());
  }

  private static void securityOptions(ContainerBuilder b, Cursor c, Cursor host) {
    boolean apparmorSet = false;
    for (Cursor option : host.get("SecurityOpt").items()) {
      DockerOptions.SecurityOption parsed = DockerOptions.securityOption(option.textOr(""));
      switch (parsed.key()) {
        // With a profile file, the Engine stores the profile's JSON itself.
        case "seccomp" -> b.seccomp(parsed.value().startsWith("{") ? "custom" : parsed.value(), option.location());
        case "apparmor" -> {
          b.apparmor(parsed.value(), option.location());
          apparmorSet = true;
        }
        case "label" -> b.selinuxOption(parsed.value(), option.location());
        case "no-new-privileges" -> b.noNewPrivileges(parse(option, () -> DockerOptions.flag(parsed.value())),
            option.location());
        default -> {}
      }
    }
    // Without label options the Engine labels the process itself (on an SELinux host): ProcessLabel.
    if (b.recorded("selinuxOptions[0]").isEmpty()) {
      text(c, "ProcessLabel").ifPresent(l -> DockerOptions.selinuxContext(l).forEach(o -> b.selinuxOption(o,
          c.get("ProcessLabel").location())));
    }
    if (!apparmorSet) {
      text(c, "AppArmorProfile").ifPresent(v -> b.apparmor(v, c.get("AppArmorProfile").location()));
      cite(b, "apparmor", c.get("AppArmorProfile"));
    }
  }

  private static void mounts(ContainerBuilder b, Cursor c, Cursor host) {
    if (c.get("Mounts").exists()) {
      for (Cursor mount : c.get("Mounts").items()) {
        String type = mount.get("Type").textOr("volume");
        String source = type.equals("volume") ? mount.get("Name").text().or(() -> mount.get("Source").text()).orElse("")
            : mount.get("Source").textOr("");
        Optional<String> propagation = mount.get("Propagation").text().filter(p -> !p.isEmpty());
        boolean readOnly = !mount.get("RW").bool().orElse(true);
        b.mount(new Mount(type, source, mount.get("Destination").textOr(""), readOnly, propagation), mount.location());
      }
    } else {
      for (Cursor bind : host.get("Binds").items()) {
        b.mount(parse(bind, () -> DockerOptions.volume(bind.textOr(""))), bind.location());
      }
      for (Cursor mount : host.get("Mounts").items()) {
        Optional<String> propagation = mount.get("BindOptions").get("Propagation").text().filter(p -> !p.isEmpty());
        b.mount(new Mount(mount.get("Type").textOr("volume"), mount.get("Source").textOr(""),
            mount.get("Target").textOr(""), mount.get("ReadOnly").bool().orElse(false), propagation), mount.location());
      }
    }
    for (Map.Entry<String, Cursor> tmpfs : host.get("Tmpfs").entries().entrySet()) {
      boolean readOnly = List.of(tmpfs.getValue().textOr("").split(",")).contains("ro");
      b.mount(new Mount("tmpfs", "", tmpfs.getKey(), readOnly, Optional.empty()), tmpfs.getValue().location());
    }
  }

  private static void namespace(ContainerBuilder b, Cursor host, String field, String kind) {
    Optional<String> mode = text(host, field);
    if (mode.isEmpty()) {
      // An empty UsernsMode states nothing: the daemon's remapping decides.
      if (!kind.equals("user")) {
        cite(b, "namespaces." + kind, host.get(field));
      }
      return;
    }
    b.namespace(kind, DockerOptions.namespace(mode.orElseThrow()), host.get(field).location());
  }

  /** Cites a field the object has, even empty or null, for a setting nothing else recorded. */
  private static void cite(ContainerBuilder b, String path, Cursor field) {
    if (field.node().isPresent() && b.recorded(path).isEmpty()) {
      b.cite(path, field.location());
    }
  }

  private static void resources(ContainerBuilder b, Cursor host) {
    positive(host, "Memory").ifPresent(v -> b.memoryBytes(v, host.get("Memory").location()));
    positive(host, "MemorySwap").ifPresent(v -> b.memorySwapBytes(v, host.get("MemorySwap").location()));
    Optional<Long> nanoCpus = positive(host, "NanoCpus");
    if (nanoCpus.isPresent()) {
      b.cpus(nanoCpus.orElseThrow() / 1e9, host.get("NanoCpus").location());
    } else {
      Optional<Long> quota = positive(host, "CpuQuota");
      long period = positive(host, "CpuPeriod").orElse(100_000L);
      quota.ifPresent(q -> b.cpus((double) q / period, host.get("CpuQuota").location()));
    }
    positive(host, "CpuShares").ifPresent(v -> b.cpuShares(v, host.get("CpuShares").location()));
    positive(host, "PidsLimit").ifPresent(v -> b.pidsLimit(v, host.get("PidsLimit").location()));
    cite(b, "resources.memoryBytes", host.get("Memory"));
    cite(b, "resources.memorySwapBytes", host.get("MemorySwap"));
    cite(b, "resources.cpus", host.get("NanoCpus"));
    cite(b, "resources.cpuShares", host.get("CpuShares"));
    cite(b, "resources.pidsLimit", host.get("PidsLimit"));
    for (Cursor ulimit : host.get("Ulimits").items()) {
      b.ulimit(new Ulimit(ulimit.get("Name").textOr(""), ulimit.get("Soft").integer().orElse(0L),
          ulimit.get("Hard").integer().orElse(0L)), ulimit.location());
    }
  }

  private static void ports(ContainerBuilder b, Cursor c, Cursor config, Cursor host) {
    Cursor published = c.get("NetworkSettings").get("Ports");
    boolean running = c.get("State").get("Running").bool().orElse(false);
    if (running && published.isMap() && !published.entries().isEmpty()) {
      bindings(b, published);
      return;
    }
    bindings(b, host.get("PortBindings"));
    if (host.get("PublishAllPorts").bool().orElse(false)) {
      for (Map.Entry<String, Cursor> exposed : config.get("ExposedPorts").entries().entrySet()) {
        if (!host.get("PortBindings").get(exposed.getKey()).exists()) {
          String[] spec = exposed.getKey().split("/", 2);
          b.port(new Port(parse(exposed.getValue(), () -> Integer.parseInt(spec[0])), Optional.of(0), "",
              spec.length > 1 ? spec[1] : "tcp"), host.get("PublishAllPorts").location());
        }
      }
    }
  }

  /** {@code {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}}; an exposed port published nowhere is null. */
  private static void bindings(ContainerBuilder b, Cursor ports) {
    for (Map.Entry<String, Cursor> binding : ports.entries().entrySet()) {
      String[] spec = binding.getKey().split("/", 2);
      int containerPort = parse(binding.getValue(), () -> Integer.parseInt(spec[0]));
      String protocol = spec.length > 1 ? spec[1] : "tcp";
      for (Cursor hostBinding : binding.getValue().items()) {
        String hostPort = hostBinding.get("HostPort").textOr("");
        int port = hostPort.isEmpty() ? 0 : parse(hostBinding, () -> Integer.parseInt(hostPort.split("-")[0]));
        b.port(new Port(containerPort, Optional.of(port), hostBinding.get("HostIp").textOr(""), protocol),
            hostBinding.location());
      }
    }
  }

  public static Subject.Image image(Cursor c) {
    Cursor config = c.get("Config");
    String id = c.get("Id").textOr("");
    List<String> tags = c.get("RepoTags").strings();
    List<String> digests = c.get("RepoDigests").strings();
    String name = !tags.isEmpty() ? tags.getFirst() : !digests.isEmpty() ? digests.getFirst() : id;
    Provenance.Builder p = new Provenance.Builder(c.location());
    Optional<String> user = text(config, "User");
    user.ifPresent(u -> p.put("user", config.get("User").location()));
    Optional<List<String>> healthcheck = config.get("Healthcheck").get("Test").exists()
        ? Optional.of(config.get("Healthcheck").get("Test").strings()) : Optional.empty();
    healthcheck.ifPresent(h -> p.put("healthcheck", config.get("Healthcheck").location()));
    List<String> exposed = new ArrayList<>(config.get("ExposedPorts").entries().keySet());
    if (!exposed.isEmpty()) {
      p.put("exposedPorts", config.get("ExposedPorts").location());
    }
    List<EnvVar> env = new ArrayList<>();
    for (Cursor variable : config.get("Env").items()) {
      p.put("env[" + env.size() + "]", variable.location());
      env.add(env(variable.textOr("")));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    config.get("Labels").entries().forEach((k, v) -> {
      labels.put(k, v.textOr(""));
      p.put("labels[\"" + k + "\"]", v.location());
    });
    Optional<String> digest = digests.isEmpty() ? Optional.of(id).filter(i -> !i.isEmpty())
        : DockerOptions.digest(digests.getFirst());
    ImageSettings settings = new ImageSettings(name, digest, user, healthcheck, exposed, env, labels, List.of(),
        List.of(), List.of());
    SubjectRef ref = new SubjectRef("image", name, id.isEmpty() ? Optional.empty() : Optional.of(id), fileOf(c),
        lineOf(c));
    return new Subject.Image(ref, settings, p.build());
  }

  static EnvVar env(String assignment) {
    int equals = assignment.indexOf('=');
    return equals < 0 ? new EnvVar(assignment, Optional.empty(), false)
        : new EnvVar(assignment.substring(0, equals), Optional.of(assignment.substring(equals + 1)), false);
  }

  private static Optional<String> text(Cursor object, String field) {
    return object.get(field).text().filter(v -> !v.isEmpty());
  }

  private static Optional<Long> positive(Cursor object, String field) {
    return object.get(field).integer().filter(v -> v > 0);
  }

  private static Optional<String> fileOf(Cursor c) {
    return c.line() > 0 ? Optional.of(c.source()) : Optional.empty();
  }

  private static Optional<Integer> lineOf(Cursor c) {
    return c.line() > 0 ? Optional.of(c.line()) : Optional.empty();
  }

  private static String shortId(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }

  private static <T> T parse(Cursor at, Supplier<T> reader) {
    try {
      return reader.get();
    } catch (IllegalArgumentException e) {
      throw at.error(e.getMessage());
    }
  }

}
