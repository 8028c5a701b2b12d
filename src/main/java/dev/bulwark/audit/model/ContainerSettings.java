package dev.bulwark.audit.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective security settings of one container, whatever described it: a compose service, a
 * Kubernetes container (pod-level settings already folded in), {@code docker inspect}, an OCI
 * runtime config, or a live container. Absent values mean "not set", so the runtime's default
 * applies; adapters never invent a value the source did not give, except where the effect is
 * certain (the effective capability set is computed from the runtime's default set).
 *
 * @param user the user as configured ({@code 1000:1000}, {@code nobody}, {@code 0}); empty: the image's
 * @param uid the numeric user id when the source gives it
 * @param noNewPrivileges Kubernetes {@code allowPrivilegeEscalation: false} reads as true
 * @param maskedPaths empty: the runtime's default masked paths apply
 * @param command entrypoint and command joined, to recognise processes (sshd)
 * @param kernel what the kernel enforces for a running container (/proc), when read live
 * @param networkMode the network as written ({@code bridge}, {@code default}, {@code host}, {@code none},
 *     {@code container:NAME}, a network's name); empty when the source names none (a compose project
 *     network, a pod's network)
 * @param cgroupParent the cgroup the container's cgroup is created under ({@code --cgroup-parent})
 * @param init whether an init process ({@code --init}, tini) runs as PID 1 and reaps zombies
 */
public record ContainerSettings(
    String name,
    Optional<String> image,
    Optional<String> imageDigest,
    Optional<String> user,
    Optional<Long> uid,
    Optional<Long> gid,
    boolean privileged,
    Capabilities capabilities,
    Optional<String> seccomp,
    Optional<String> apparmor,
    List<String> selinuxOptions,
    Optional<Boolean> noNewPrivileges,
    Optional<Boolean> runAsNonRoot,
    boolean readOnlyRootFilesystem,
    List<Mount> mounts,
    List<Device> devices,
    Namespaces namespaces,
    Resources resources,
    Optional<List<String>> maskedPaths,
    Optional<List<String>> readonlyPaths,
    Optional<String> procMount,
    Map<String, String> sysctls,
    List<EnvVar> env,
    List<Port> ports,
    Optional<Healthcheck> healthcheck,
    Optional<RestartPolicy> restartPolicy,
    Optional<String> runtime,
    Optional<String> logDriver,
    Optional<String> command,
    Optional<KernelView> kernel,
    Optional<String> networkMode,
    Optional<String> cgroupParent,
    Optional<Boolean> init) {
  public ContainerSettings {
    selinuxOptions = List.copyOf(selinuxOptions);
    mounts = List.copyOf(mounts);
    devices = List.copyOf(devices);
    maskedPaths = maskedPaths.map(List::copyOf);
    readonlyPaths = readonlyPaths.map(List::copyOf);
    sysctls = Map.copyOf(sysctls);
    env = List.copyOf(env);
    ports = List.copyOf(ports);
  }

  /** The settings without network mode, cgroup parent and init (as before those were modelled). */
  public ContainerSettings(String name, Optional<String> image, Optional<String> imageDigest, Optional<String> user,
      Optional<Long> uid, Optional<Long> gid, boolean privileged, Capabilities capabilities, Optional<String> seccomp,
      Optional<String> apparmor, List<String> selinuxOptions, Optional<Boolean> noNewPrivileges,
      Optional<Boolean> runAsNonRoot, boolean readOnlyRootFilesystem, List<Mount> mounts, List<Device> devices,
      Namespaces namespaces, Resources resources, Optional<List<String>> maskedPaths,
      Optional<List<String>> readonlyPaths, Optional<String> procMount, Map<String, String> sysctls, List<EnvVar> env,
      List<Port> ports, Optional<Healthcheck> healthcheck, Optional<RestartPolicy> restartPolicy,
      Optional<String> runtime, Optional<String> logDriver, Optional<String> command, Optional<KernelView> kernel) {
    this(name, image, imageDigest, user, uid, gid, privileged, capabilities, seccomp, apparmor, selinuxOptions,
        noNewPrivileges, runAsNonRoot, readOnlyRootFilesystem, mounts, devices, namespaces, resources, maskedPaths,
        readonlyPaths, procMount, sysctls, env, ports, healthcheck, restartPolicy, runtime, logDriver, command, kernel,
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * Capabilities as configured and as they take effect.
   *
   * @param effective the runtime's default set plus {@code add} minus {@code drop} ({@code ALL}
   *     honoured), or every capability when privileged; names without the {@code CAP_} prefix
   */
  public record Capabilities(List<String> add, List<String> drop, List<String> effective) {
    public Capabilities {
      add = List.copyOf(add);
      drop = List.copyOf(drop);
      effective = List.copyOf(effective);
    }
  }

  /**
   * @param type {@code bind}, {@code volume}, {@code tmpfs}, {@code hostPath}, {@code emptyDir},
   *     {@code configMap}, {@code secret}, {@code projected}, {@code persistentVolumeClaim}, …
   * @param source a host path for binds and hostPath volumes, else a volume name or empty
   * @param propagation {@code private}, {@code rprivate}, {@code shared}, {@code rshared}, {@code slave}, …
   */
  public record Mount(String type, String source, String target, boolean readOnly, Optional<String> propagation) {}

  public record Device(String hostPath, String containerPath, String permissions) {}

  /**
   * Each namespace: {@code private} (the container's own), {@code host}, {@code container:<name>}
   * (shared with another container), or {@code pod} (shared within a Kubernetes pod).
   *
   * @param mount the mount namespace: always the container's own with Docker and Kubernetes; an OCI
   *     runtime config without one leaves the container in the host's
   */
  public record Namespaces(String pid, String network, String ipc, String uts, String user, String cgroup,
      String mount) {
    /** The namespaces of a runtime that always gives a container its own mount namespace. */
    public Namespaces(String pid, String network, String ipc, String uts, String user, String cgroup) {
      this(pid, network, ipc, uts, user, cgroup, "private");
    }

    public static Namespaces allPrivate() {
      return new Namespaces("private", "private", "private", "private", "private", "private", "private");
    }
  }

  /** Limits; empty means unlimited. */
  public record Resources(
      Optional<Long> memoryBytes,
      Optional<Long> memorySwapBytes,
      Optional<Double> cpus,
      Optional<Long> cpuShares,
      Optional<Long> pidsLimit,
      List<Ulimit> ulimits) {
    public Resources {
      ulimits = List.copyOf(ulimits);
    }

    public static Resources unlimited() {
      return new Resources(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          List.of());
    }
  }

  public record Ulimit(String name, long soft, long hard) {}

  /**
   * An environment variable. Values are kept so rules can recognise secrets, and are never printed:
   * evidence shows a variable's name only.
   */
  public record EnvVar(String name, Optional<String> value, boolean fromSecret) {}

  /** @param hostIp the host address the port binds to; empty: every interface */
  public record Port(int containerPort, Optional<Integer> hostPort, String hostIp, String protocol) {}

  public record Healthcheck(List<String> test, boolean disabled) {
    public Healthcheck {
      test = List.copyOf(test);
    }
  }

  public record RestartPolicy(String name, int maximumRetryCount) {}
}
