package dev.bulwark.audit.source;

import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.ContainerSettings.Device;
import dev.bulwark.audit.model.ContainerSettings.EnvVar;
import dev.bulwark.audit.model.ContainerSettings.Healthcheck;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.ContainerSettings.Port;
import dev.bulwark.audit.model.ContainerSettings.RestartPolicy;
import dev.bulwark.audit.model.ContainerSettings.Ulimit;
import dev.bulwark.audit.model.KernelView;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Provenance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects a container's settings and where each was read, for adapters: every setter takes the
 * {@link Location} of the value, recorded under the setting's path in the model
 * ({@code privileged}, {@code mounts[2]}, {@code resources.memoryBytes}). Unset values stay absent.
 * The effective capability set is computed at {@link #build()} from the runtime's default set
 * (Docker's unless {@link #defaultCapabilities} says otherwise), unless given outright.
 */
public final class ContainerBuilder {
  private final Location subject;
  private final Map<String, Location> recorded = new LinkedHashMap<>();
  private String name;
  private Optional<String> image = Optional.empty();
  private Optional<String> imageDigest = Optional.empty();
  private Optional<String> user = Optional.empty();
  private Optional<Long> uid = Optional.empty();
  private Optional<Long> gid = Optional.empty();
  private boolean privileged;
  private List<String> defaultCapabilities = Capabilities.RUNTIME_DEFAULT;
  private final List<String> capAdd = new ArrayList<>();
  private final List<String> capDrop = new ArrayList<>();
  private Optional<List<String>> effectiveCapabilities = Optional.empty();
  private Optional<String> seccomp = Optional.empty();
  private Optional<String> apparmor = Optional.empty();
  private final List<String> selinuxOptions = new ArrayList<>();
  private Optional<Boolean> noNewPrivileges = Optional.empty();
  private Optional<Boolean> runAsNonRoot = Optional.empty();
  private boolean readOnlyRootFilesystem;
  private final List<Mount> mounts = new ArrayList<>();
  private final List<Device> devices = new ArrayList<>();
  private String pid = "private";
  private String network = "private";
  private String ipc = "private";
  private String uts = "private";
  private String userNs = "host";
  private String cgroupNs = "private";
  private String mountNs = "private";
  private Optional<Long> memoryBytes = Optional.empty();
  private Optional<Long> memorySwapBytes = Optional.empty();
  private Optional<Double> cpus = Optional.empty();
  private Optional<Long> cpuShares = Optional.empty();
  private Optional<Long> pidsLimit = Optional.empty();
  private final List<Ulimit> ulimits = new ArrayList<>();
  private Optional<List<String>> maskedPaths = Optional.empty();
  private Optional<List<String>> readonlyPaths = Optional.empty();
  private Optional<String> procMount = Optional.empty();
  private final Map<String, String> sysctls = new LinkedHashMap<>();
  private final List<EnvVar> env = new ArrayList<>();
  private final List<Port> ports = new ArrayList<>();
  private Optional<Healthcheck> healthcheck = Optional.empty();
  private Optional<RestartPolicy> restartPolicy = Optional.empty();
  private Optional<String> runtime = Optional.empty();
  private Optional<String> logDriver = Optional.empty();
  private Optional<String> command = Optional.empty();
  private Optional<KernelView> kernel = Optional.empty();
  private Optional<String> networkMode = Optional.empty();
  private Optional<String> cgroupParent = Optional.empty();
  private Optional<Boolean> init = Optional.empty();

  /**
   * A container named {@code name}, whose own location (its file and line) is {@code subject}.
   * Namespaces start private except the user namespace, which is the host's unless a source says
   * otherwise: that is what Docker (without userns-remap), Kubernetes ({@code hostUsers} unset) and an
   * OCI config without a user namespace do.
   */
  public ContainerBuilder(String name, Location subject) {
    this.name = name;
    this.subject = subject;
  }

  /** A builder holding {@code settings}, to change some (a live adapter adds the kernel's view). */
  public static ContainerBuilder from(ContainerSettings s, Provenance provenance) {
    ContainerBuilder b = new ContainerBuilder(s.name(), provenance.subject());
    provenance.fields().forEach(b::record);
    b.image = s.image();
    b.imageDigest = s.imageDigest();
    b.user = s.user();
    b.uid = s.uid();
    b.gid = s.gid();
    b.privileged = s.privileged();
    b.capAdd.addAll(s.capabilities().add());
    b.capDrop.addAll(s.capabilities().drop());
    b.effectiveCapabilities = Optional.of(s.capabilities().effective());
    b.seccomp = s.seccomp();
    b.apparmor = s.apparmor();
    b.selinuxOptions.addAll(s.selinuxOptions());
    b.noNewPrivileges = s.noNewPrivileges();
    b.runAsNonRoot = s.runAsNonRoot();
    b.readOnlyRootFilesystem = s.readOnlyRootFilesystem();
    b.mounts.addAll(s.mounts());
    b.devices.addAll(s.devices());
    b.pid = s.namespaces().pid();
    b.network = s.namespaces().network();
    b.ipc = s.namespaces().ipc();
    b.uts = s.namespaces().uts();
    b.userNs = s.namespaces().user();
    b.cgroupNs = s.namespaces().cgroup();
    b.mountNs = s.namespaces().mount();
    b.memoryBytes = s.resources().memoryBytes();
    b.memorySwapBytes = s.resources().memorySwapBytes();
    b.cpus = s.resources().cpus();
    b.cpuShares = s.resources().cpuShares();
    b.pidsLimit = s.resources().pidsLimit();
    b.ulimits.addAll(s.resources().ulimits());
    b.maskedPaths = s.maskedPaths();
    b.readonlyPaths = s.readonlyPaths();
    b.procMount = s.procMount();
    b.sysctls.putAll(s.sysctls());
    b.env.addAll(s.env());
    b.ports.addAll(s.ports());
    b.healthcheck = s.healthcheck();
    b.restartPolicy = s.restartPolicy();
    b.runtime = s.runtime();
    b.logDriver = s.logDriver();
    b.command = s.command();
    b.kernel = s.kernel();
    b.networkMode = s.networkMode();
    b.cgroupParent = s.cgroupParent();
    b.init = s.init();
    return b;
  }

  private ContainerBuilder record(String path, Location where) {
    recorded.put(path, where);
    return this;
  }

  /**
   * Records where a setting was decided without changing it: a field the source states as zero,
   * empty or null ({@code HostConfig.Memory: 0} is no limit), so that a finding about the absence
   * cites that field rather than the whole object.
   */
  public ContainerBuilder cite(String path, Location where) {
    return record(path, where);
  }

  /** Where a setting was recorded, if it was. */
  public Optional<Location> recorded(String path) {
    return Optional.ofNullable(recorded.get(path));
  }

  public ContainerBuilder name(String value) {
    name = value;
    return this;
  }

  public ContainerBuilder image(String value, Location where) {
    image = Optional.of(value);
    DockerOptions.digest(value).ifPresent(d -> imageDigest(d, where));
    return record("image", where);
  }

  public ContainerBuilder imageDigest(String value, Location where) {
    imageDigest = Optional.of(value);
    return record("imageDigest", where);
  }

  /** The user as written; numeric parts also fill uid and gid. */
  public ContainerBuilder user(String value, Location where) {
    user = Optional.of(value);
    DockerOptions.UserIds ids = DockerOptions.userIds(value);
    ids.uid().ifPresent(u -> uid(u, where));
    ids.gid().ifPresent(g -> gid(g, where));
    return record("user", where);
  }

  public ContainerBuilder uid(long value, Location where) {
    uid = Optional.of(value);
    return record("uid", where);
  }

  public ContainerBuilder gid(long value, Location where) {
    gid = Optional.of(value);
    return record("gid", where);
  }

  public ContainerBuilder privileged(boolean value, Location where) {
    privileged = value;
    return record("privileged", where);
  }

  /** The set the runtime starts from, when it is not Docker's. */
  public ContainerBuilder defaultCapabilities(List<String> value) {
    defaultCapabilities = List.copyOf(value);
    return this;
  }

  public ContainerBuilder capAdd(List<String> value, Location where) {
    capAdd.addAll(value);
    return record("capabilities.add", where);
  }

  public ContainerBuilder capDrop(List<String> value, Location where) {
    capDrop.addAll(value);
    return record("capabilities.drop", where);
  }

  /** The effective set outright, for sources that state it (an OCI config's bounding set). */
  public ContainerBuilder effectiveCapabilities(List<String> value, Location where) {
    effectiveCapabilities = Optional.of(List.copyOf(value));
    return record("capabilities.effective", where);
  }

  public ContainerBuilder seccomp(String value, Location where) {
    seccomp = Optional.of(value);
    return record("seccomp", where);
  }

  public ContainerBuilder apparmor(String value, Location where) {
    apparmor = Optional.of(value);
    return record("apparmor", where);
  }

  /** SELinux options as {@code type:container_t}, {@code level:s0:c1,c2}, or {@code disable}. */
  public ContainerBuilder selinuxOption(String value, Location where) {
    selinuxOptions.add(value);
    return record("selinuxOptions[" + (selinuxOptions.size() - 1) + "]", where);
  }

  public ContainerBuilder clearSelinuxOptions() {
    selinuxOptions.clear();
    recorded.keySet().removeIf(k -> k.startsWith("selinuxOptions"));
    return this;
  }

  public ContainerBuilder noNewPrivileges(boolean value, Location where) {
    noNewPrivileges = Optional.of(value);
    return record("noNewPrivileges", where);
  }

  public ContainerBuilder runAsNonRoot(boolean value, Location where) {
    runAsNonRoot = Optional.of(value);
    return record("runAsNonRoot", where);
  }

  public ContainerBuilder readOnlyRootFilesystem(boolean value, Location where) {
    readOnlyRootFilesystem = value;
    return record("readOnlyRootFilesystem", where);
  }

  public ContainerBuilder mount(Mount value, Location where) {
    mounts.add(value);
    return record("mounts[" + (mounts.size() - 1) + "]", where);
  }

  public ContainerBuilder device(Device value, Location where) {
    devices.add(value);
    return record("devices[" + (devices.size() - 1) + "]", where);
  }

  /**
   * One namespace: {@code pid}, {@code network}, {@code ipc}, {@code uts}, {@code user}, {@code cgroup}
   * or {@code mount}, set to {@code private}, {@code host}, {@code container:NAME} or {@code pod}.
   */
  public ContainerBuilder namespace(String kind, String mode, Location where) {
    namespaceDefault(kind, mode);
    return record("namespaces." + kind, where);
  }

  /** Sets a namespace the source implies without stating it; provenance falls back to the subject. */
  public ContainerBuilder namespaceDefault(String kind, String mode) {
    switch (kind) {
      case "pid" -> pid = mode;
      case "network" -> network = mode;
      case "ipc" -> ipc = mode;
      case "uts" -> uts = mode;
      case "user" -> userNs = mode;
      case "cgroup" -> cgroupNs = mode;
      case "mount" -> mountNs = mode;
      default -> throw new IllegalArgumentException("no namespace " + kind);
    }
    return this;
  }

  public ContainerBuilder memoryBytes(long value, Location where) {
    memoryBytes = Optional.of(value);
    return record("resources.memoryBytes", where);
  }

  public ContainerBuilder memorySwapBytes(long value, Location where) {
    memorySwapBytes = Optional.of(value);
    return record("resources.memorySwapBytes", where);
  }

  public ContainerBuilder cpus(double value, Location where) {
    cpus = Optional.of(value);
    return record("resources.cpus", where);
  }

  public ContainerBuilder cpuShares(long value, Location where) {
    cpuShares = Optional.of(value);
    return record("resources.cpuShares", where);
  }

  public ContainerBuilder pidsLimit(long value, Location where) {
    pidsLimit = Optional.of(value);
    return record("resources.pidsLimit", where);
  }

  public ContainerBuilder ulimit(Ulimit value, Location where) {
    ulimits.add(value);
    return record("resources.ulimits[" + (ulimits.size() - 1) + "]", where);
  }

  public ContainerBuilder maskedPaths(List<String> value, Location where) {
    maskedPaths = Optional.of(List.copyOf(value));
    return record("maskedPaths", where);
  }

  public ContainerBuilder readonlyPaths(List<String> value, Location where) {
    readonlyPaths = Optional.of(List.copyOf(value));
    return record("readonlyPaths", where);
  }

  public ContainerBuilder procMount(String value, Location where) {
    procMount = Optional.of(value);
    return record("procMount", where);
  }

  public ContainerBuilder sysctl(String key, String value, Location where) {
    sysctls.put(key, value);
    return record("sysctls[\"" + key + "\"]", where);
  }

  public ContainerBuilder env(EnvVar value, Location where) {
    env.add(value);
    return record("env[" + (env.size() - 1) + "]", where);
  }

  public ContainerBuilder port(Port value, Location where) {
    ports.add(value);
    return record("ports[" + (ports.size() - 1) + "]", where);
  }

  public ContainerBuilder healthcheck(Healthcheck value, Location where) {
    healthcheck = Optional.of(value);
    return record("healthcheck", where);
  }

  public ContainerBuilder restartPolicy(RestartPolicy value, Location where) {
    restartPolicy = Optional.of(value);
    return record("restartPolicy", where);
  }

  public ContainerBuilder runtime(String value, Location where) {
    runtime = Optional.of(value);
    return record("runtime", where);
  }

  public ContainerBuilder logDriver(String value, Location where) {
    logDriver = Optional.of(value);
    return record("logDriver", where);
  }

  public ContainerBuilder command(String value, Location where) {
    command = Optional.of(value);
    return record("command", where);
  }

  public ContainerBuilder kernel(KernelView value, Location where) {
    kernel = Optional.of(value);
    return record("kernel", where);
  }

  /** The network as written ({@code bridge}, {@code host}, {@code none}, {@code container:web}, a name). */
  public ContainerBuilder networkMode(String value, Location where) {
    networkMode = Optional.of(value);
    return record("networkMode", where);
  }

  public ContainerBuilder cgroupParent(String value, Location where) {
    cgroupParent = Optional.of(value);
    return record("cgroupParent", where);
  }

  public ContainerBuilder init(boolean value, Location where) {
    init = Optional.of(value);
    return record("init", where);
  }

  /**
   * The settings. A privileged container has no masked or read-only paths in every runtime (Docker,
   * containerd, CRI-O), so those read as empty lists when the source gave none.
   */
  public ContainerSettings build() {
    Optional<List<String>> masked = privileged && maskedPaths.isEmpty() ? Optional.of(List.of()) : maskedPaths;
    Optional<List<String>> readonly = privileged && readonlyPaths.isEmpty() ? Optional.of(List.of()) : readonlyPaths;
    ContainerSettings.Capabilities computed = Capabilities.compute(defaultCapabilities, capAdd, capDrop, privileged);
    ContainerSettings.Capabilities capabilities = effectiveCapabilities
        .map(e -> new ContainerSettings.Capabilities(computed.add(), computed.drop(), e))
        .orElse(computed);
    return new ContainerSettings(name, image, imageDigest, user, uid, gid, privileged, capabilities, seccomp,
        apparmor, selinuxOptions, noNewPrivileges, runAsNonRoot, readOnlyRootFilesystem, mounts, devices,
        new ContainerSettings.Namespaces(pid, network, ipc, uts, userNs, cgroupNs, mountNs),
        new ContainerSettings.Resources(memoryBytes, memorySwapBytes, cpus, cpuShares, pidsLimit, ulimits),
        masked, readonly, procMount, sysctls, env, ports, healthcheck, restartPolicy, runtime, logDriver,
        command, kernel, networkMode, cgroupParent, init);
  }

  /**
   * Where each setting came from. Computed effective capabilities are cited where they were decided:
   * the privileged flag, else the added, else the dropped capabilities.
   */
  public Provenance provenance() {
    Provenance.Builder result = new Provenance.Builder(subject);
    recorded.forEach(result::put);
    if (privileged && recorded.containsKey("privileged")) {
      for (String paths : List.of("maskedPaths", "readonlyPaths")) {
        if (!recorded.containsKey(paths)) {
          result.put(paths, recorded.get("privileged"));
        }
      }
    }
    if (!recorded.containsKey("capabilities.effective")) {
      String cause = privileged ? "privileged" : recorded.containsKey("capabilities.add") ? "capabilities.add"
          : "capabilities.drop";
      if (recorded.containsKey(cause)) {
        result.put("capabilities.effective", recorded.get(cause));
      }
    }
    return result.build();
  }
}
