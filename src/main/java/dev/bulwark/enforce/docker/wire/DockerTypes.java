package dev.bulwark.enforce.docker.wire;

import dev.bulwark.enforce.json.GoType;
import dev.bulwark.enforce.json.GoType.Field;
import java.util.List;

/**
 * The Go types dockerd decodes request bodies into (moby api/types, as of Engine 20.10 and later;
 * fields added since are harmless to list). Every field is listed so that a key matches the field
 * dockerd matches; fields the guard does not read are typed loosely ({@code interface{}}).
 */
public final class DockerTypes {
  private DockerTypes() {}

  private static final GoType STR = new GoType.Str();
  private static final GoType BOOL = new GoType.Bool();
  private static final GoType INT64 = new GoType.Int("int64", Long.MIN_VALUE, Long.MAX_VALUE);
  private static final GoType INT = INT64; // Go's int on 64-bit Linux
  private static final GoType UINT16 = new GoType.Int("uint16", 0, 0xFFFF);
  private static final GoType UINT64 = new GoType.Int("uint64", 0, Long.MAX_VALUE);
  private static final GoType ANY = new GoType.Any();
  private static final GoType STRSLICE = new GoType.StrSlice();
  private static final GoType STRINGS = new GoType.Slice(STR);
  private static final GoType STRING_MAP = new GoType.MapOf(STR);
  private static final GoType SET = new GoType.MapOf(ANY);

  private static Field f(String name, GoType type) {
    return Field.of(name, type);
  }

  /** container.Config. */
  public static final GoType.Struct CONFIG = new GoType.Struct("Config", List.of(
      f("Hostname", STR), f("Domainname", STR), f("User", STR), f("AttachStdin", BOOL), f("AttachStdout", BOOL),
      f("AttachStderr", BOOL), f("ExposedPorts", SET), f("Tty", BOOL), f("OpenStdin", BOOL), f("StdinOnce", BOOL),
      f("Env", STRINGS), f("Cmd", STRSLICE), f("Healthcheck", ANY), f("ArgsEscaped", BOOL), f("Image", STR),
      f("Volumes", SET), f("WorkingDir", STR), f("Entrypoint", STRSLICE), f("NetworkDisabled", BOOL),
      f("MacAddress", STR), f("OnBuild", STRINGS), f("Labels", STRING_MAP), f("StopSignal", STR),
      f("StopTimeout", new GoType.Ptr(INT)), f("Shell", STRSLICE)));

  static final GoType.Struct DEVICE_MAPPING = new GoType.Struct("DeviceMapping", List.of(
      f("PathOnHost", STR), f("PathInContainer", STR), f("CgroupPermissions", STR)));

  static final GoType.Struct ULIMIT = new GoType.Struct("Ulimit", List.of(
      f("Name", STR), f("Hard", INT64), f("Soft", INT64)));

  /** container.Resources (embedded in HostConfig, and the body of container update). */
  public static final GoType.Struct RESOURCES = new GoType.Struct("Resources", List.of(
      f("CpuShares", INT64), f("Memory", INT64), f("NanoCpus", INT64), f("CgroupParent", STR),
      f("BlkioWeight", UINT16), f("BlkioWeightDevice", ANY), f("BlkioDeviceReadBps", ANY),
      f("BlkioDeviceWriteBps", ANY), f("BlkioDeviceReadIOps", ANY), f("BlkioDeviceWriteIOps", ANY),
      f("CpuPeriod", INT64), f("CpuQuota", INT64), f("CpuRealtimePeriod", INT64), f("CpuRealtimeRuntime", INT64),
      f("CpusetCpus", STR), f("CpusetMems", STR), f("Devices", new GoType.Slice(DEVICE_MAPPING)),
      f("DeviceCgroupRules", STRINGS), f("DeviceRequests", ANY), f("KernelMemory", INT64),
      f("KernelMemoryTCP", INT64), f("MemoryReservation", INT64), f("MemorySwap", INT64),
      f("MemorySwappiness", new GoType.Ptr(INT64)), f("OomKillDisable", new GoType.Ptr(BOOL)),
      f("PidsLimit", new GoType.Ptr(INT64)), f("Ulimits", new GoType.Slice(new GoType.Ptr(ULIMIT))),
      f("CpuCount", INT64), f("CpuPercent", INT64), f("IOMaximumIOps", UINT64), f("IOMaximumBandwidth", UINT64)));

  static final GoType.Struct BIND_OPTIONS = new GoType.Struct("BindOptions", List.of(
      f("Propagation", STR), f("NonRecursive", BOOL), f("CreateMountpoint", BOOL), f("ReadOnlyNonRecursive", BOOL),
      f("ReadOnlyForceRecursive", BOOL)));

  static final GoType.Struct MOUNT = new GoType.Struct("Mount", List.of(
      f("Type", STR), f("Source", STR), f("Target", STR), f("ReadOnly", BOOL), f("Consistency", STR),
      f("BindOptions", new GoType.Ptr(BIND_OPTIONS)), f("VolumeOptions", ANY), f("TmpfsOptions", ANY),
      f("ClusterOptions", ANY)));

  /**
   * container.HostConfig. {@code Capabilities} (API 1.40) is listed: an Engine that honours it
   * replaces the default capability set with it.
   */
  public static final GoType.Struct HOST_CONFIG = new GoType.Struct("HostConfig", List.of(
      f("Binds", STRINGS), f("ContainerIDFile", STR), f("LogConfig", ANY), f("NetworkMode", STR),
      f("PortBindings", ANY), f("RestartPolicy", ANY), f("AutoRemove", BOOL), f("VolumeDriver", STR),
      f("VolumesFrom", STRINGS), f("ConsoleSize", ANY), f("Annotations", STRING_MAP), f("CapAdd", STRSLICE),
      f("CapDrop", STRSLICE), f("Capabilities", STRINGS), f("CgroupnsMode", STR), f("Dns", STRINGS),
      f("DnsOptions", STRINGS), f("DnsSearch", STRINGS), f("ExtraHosts", STRINGS), f("GroupAdd", STRINGS),
      f("IpcMode", STR), f("Cgroup", STR), f("Links", STRINGS), f("OomScoreAdj", INT), f("PidMode", STR),
      f("Privileged", BOOL), f("PublishAllPorts", BOOL), f("ReadonlyRootfs", BOOL), f("SecurityOpt", STRINGS),
      f("StorageOpt", STRING_MAP), f("Tmpfs", STRING_MAP), f("UTSMode", STR), f("UsernsMode", STR),
      f("ShmSize", INT64), f("Sysctls", STRING_MAP), f("Runtime", STR), f("Isolation", STR),
      Field.embed("Resources", RESOURCES), f("Mounts", new GoType.Slice(MOUNT)), f("MaskedPaths", STRINGS),
      f("ReadonlyPaths", STRINGS), f("Init", new GoType.Ptr(BOOL))));

  /**
   * The body of {@code POST /containers/create}: Engine 20.10's {@code ContainerConfigWrapper},
   * which also embeds a (deprecated) HostConfig so that HostConfig fields at the top level are
   * read; newer Engines ignore those. The field {@code LegacyHostConfig} holds them.
   */
  public static final GoType.Struct CONTAINER_CREATE = new GoType.Struct("ContainerConfigWrapper", List.of(
      Field.embed("Config", new GoType.Ptr(CONFIG)), f("HostConfig", new GoType.Ptr(HOST_CONFIG)),
      f("Cpuset", STR), f("NetworkingConfig", ANY),
      Field.embed("LegacyHostConfig", new GoType.Ptr(HOST_CONFIG))));

  /** types.ExecConfig, the body of {@code POST /containers/{id}/exec}. */
  public static final GoType.Struct EXEC_CONFIG = new GoType.Struct("ExecConfig", List.of(
      f("User", STR), f("Privileged", BOOL), f("Tty", BOOL), f("ConsoleSize", ANY), f("AttachStdin", BOOL),
      f("AttachStderr", BOOL), f("AttachStdout", BOOL), f("Detach", BOOL), f("DetachKeys", STR), f("Env", STRINGS),
      f("WorkingDir", STR), f("Cmd", STRSLICE)));

  /** volume.CreateOptions, the body of {@code POST /volumes/create}. */
  public static final GoType.Struct VOLUME_CREATE = new GoType.Struct("VolumeCreateBody", List.of(
      f("Name", STR), f("Driver", STR), f("DriverOpts", STRING_MAP), f("Labels", STRING_MAP),
      f("ClusterVolumeSpec", ANY)));

  static final GoType.Struct NETWORK_CREATE_INNER = new GoType.Struct("NetworkCreate", List.of(
      f("CheckDuplicate", BOOL), f("Driver", STR), f("Scope", STR), f("EnableIPv6", BOOL), f("IPAM", ANY),
      f("Internal", BOOL), f("Attachable", BOOL), f("Ingress", BOOL), f("ConfigOnly", BOOL), f("ConfigFrom", ANY),
      f("Options", STRING_MAP), f("Labels", STRING_MAP)));

  /** types.NetworkCreateRequest, the body of {@code POST /networks/create}. */
  public static final GoType.Struct NETWORK_CREATE = new GoType.Struct("NetworkCreateRequest", List.of(
      f("Name", STR), Field.embed("NetworkCreate", NETWORK_CREATE_INNER)));

  /** container.UpdateConfig, the body of {@code POST /containers/{id}/update}. */
  public static final GoType.Struct CONTAINER_UPDATE = new GoType.Struct("UpdateConfig", List.of(
      Field.embed("Resources", RESOURCES), f("RestartPolicy", ANY)));
}
