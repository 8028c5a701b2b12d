package dev.bulwark.enforce.docker;

import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.PodSettings;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.enforce.Decider;
import dev.bulwark.enforce.Decision;
import dev.bulwark.enforce.GuardRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A small built-in policy so that the guard enforces something without a policy file (never
 * allow-all): requests it cannot inspect, privileged containers and execs, SYS_ADMIN, the host's
 * PID namespace, the host root or the Docker socket mounted, containers without memory or PID
 * limits, exec as root, plugin changes, and pulls from registries off an allow-list. The audit
 * rule catalog's decider replaces it.
 */
public final class BuiltInChecks implements Decider {
  public static final String UNINSPECTABLE = "builtin.uninspectable";
  public static final String PRIVILEGED = "builtin.privileged";
  public static final String CAP_SYS_ADMIN = "builtin.cap-sys-admin";
  public static final String HOST_PID = "builtin.host-pid";
  public static final String HOST_NETWORK = "builtin.host-network";
  public static final String HOST_ROOT = "builtin.host-root-mount";
  public static final String DOCKER_SOCKET = "builtin.docker-socket";
  public static final String MEMORY_LIMIT = "builtin.memory-limit";
  public static final String PIDS_LIMIT = "builtin.pids-limit";
  public static final String EXEC_PRIVILEGED = "builtin.exec-privileged";
  public static final String EXEC_ROOT = "builtin.exec-root";
  public static final String PLUGIN_CHANGE = "builtin.plugin-change";
  public static final String REGISTRY = "builtin.registry";

  /** Where a Docker Engine's API socket is; a mount of any of these or a directory above exposes it. */
  static final List<String> DOCKER_SOCKETS = List.of("/var/run/docker.sock", "/run/docker.sock");

  private final Set<String> exemptUsers;
  private final Optional<Set<String>> allowedRegistries;

  /**
   * @param exemptUsers users (as dockerd's authentication names them) allowed to change plugins
   * @param allowedRegistries when present, the only registries images may be pulled from or pushed to
   */
  public BuiltInChecks(Set<String> exemptUsers, Optional<Set<String>> allowedRegistries) {
    this.exemptUsers = Set.copyOf(exemptUsers);
    this.allowedRegistries = allowedRegistries.map(Set::copyOf);
  }

  private record Finding(String rule, String why, String fix) {
    String line() {
      return "[" + rule + "] " + why + " Fix: " + fix;
    }
  }

  @Override
  public Decision decide(GuardRequest request) {
    if (request.problem().isPresent()) {
      return Decision.deny(List.of(UNINSPECTABLE),
          "[" + UNINSPECTABLE + "] the guard cannot inspect this request: " + request.problem().orElseThrow());
    }
    List<Finding> denials = new ArrayList<>();
    List<Finding> warnings = new ArrayList<>();
    switch (request.action()) {
      case DockerRoute.EXEC_CREATE -> request.subject().ifPresent(s -> exec(s, denials));
      case DockerRoute.PLUGIN_INSTALL, DockerRoute.PLUGIN_CHANGE -> {
        if (request.user().isEmpty() || !exemptUsers.contains(request.user().orElseThrow())) {
          denials.add(new Finding(PLUGIN_CHANGE, "installing or changing a plugin (" + request.summary()
              + ") could disable this guard.", "ask an administrator exempted from this rule ("
              + "--exempt-user) to make the change."));
        }
      }
      case DockerRoute.IMAGE_PULL, DockerRoute.IMAGE_PUSH -> registry(request, denials);
      case DockerRoute.VOLUME_CREATE -> volume(request, denials);
      default -> request.subject().ifPresent(s -> subject(s, denials, warnings));
    }
    if (!denials.isEmpty()) {
      return Decision.deny(denials.stream().map(Finding::rule).distinct().toList(),
          String.join("\n", denials.stream().map(Finding::line).toList()));
    }
    return Decision.allow(warnings.stream().map(f -> "[" + f.rule() + "] " + f.why()).toList());
  }

  private void subject(Subject subject, List<Finding> denials, List<Finding> warnings) {
    switch (subject) {
      case Subject.Container c -> container(c, denials, warnings);
      case Subject.Pod p -> pod(p.settings(), denials, warnings);
      default -> { }
    }
  }

  private static void container(Subject.Container c, List<Finding> denials, List<Finding> warnings) {
    ContainerSettings s = c.settings();
    boolean kubernetes = c.pod().isPresent();
    if (s.privileged()) {
      denials.add(new Finding(PRIVILEGED, "container " + name(s) + " would run privileged (" + field(c, "privileged")
          + "): every capability, every host device, no confinement.", kubernetes
          ? "set securityContext.privileged: false and add only the capabilities it needs."
          : "remove --privileged; add only the capabilities it needs with --cap-add."));
    } else if (s.capabilities().effective().contains("SYS_ADMIN")) {
      denials.add(new Finding(CAP_SYS_ADMIN, "container " + name(s) + " would get CAP_SYS_ADMIN ("
          + field(c, "capabilities.add") + "), which is nearly root on the host.", kubernetes
          ? "remove SYS_ADMIN from securityContext.capabilities.add." : "remove --cap-add SYS_ADMIN."));
    }
    if (s.namespaces().pid().equals("host")) {
      denials.add(new Finding(HOST_PID, "container " + name(s) + " would share the host's PID namespace ("
          + field(c, "namespaces.pid") + ") and see and signal every host process.", kubernetes
          ? "remove hostPID: true." : "remove --pid host."));
    }
    if (s.namespaces().network().equals("host")) {
      warnings.add(new Finding(HOST_NETWORK, "container " + name(s) + " shares the host's network namespace.",
          "use a container network."));
    }
    for (Mount m : s.mounts()) {
      if (!m.type().equals("bind") && !m.type().equals("hostPath")) {
        continue;
      }
      String source = MinimalContainerMapper.cleanPath(m.source());
      if (source.equals("/")) {
        denials.add(new Finding(HOST_ROOT, "container " + name(s) + " would mount the host's root filesystem at "
            + m.target() + ".", kubernetes ? "mount only the host directory it needs, read-only, or none."
            : "remove -v /:" + m.target() + "; mount only the directory it needs, read-only."));
      } else if (exposesDockerSocket(source)) {
        denials.add(new Finding(DOCKER_SOCKET, "container " + name(s) + " would mount " + source
            + ", which exposes the Docker Engine socket: control of the Engine is root on the host.",
            "do not mount the Docker socket (or a directory holding it) into containers."));
      }
    }
    if (s.resources().memoryBytes().isEmpty()) {
      denials.add(new Finding(MEMORY_LIMIT, "container " + name(s) + " has no memory limit (" + field(c,
          "resources.memoryBytes") + "), so it can exhaust the host's memory.", kubernetes
          ? "set resources.limits.memory." : "add --memory (-m), e.g. -m 512m."));
    }
    if (!kubernetes && s.resources().pidsLimit().isEmpty()) {
      denials.add(new Finding(PIDS_LIMIT, "container " + name(s) + " has no PID limit (" + field(c,
          "resources.pidsLimit") + "), so a fork bomb can exhaust the host.", "add --pids-limit, e.g. --pids-limit 256."));
    }
  }

  private static void pod(PodSettings p, List<Finding> denials, List<Finding> warnings) {
    String name = p.kind() + " " + p.namespace() + "/" + p.name();
    if (p.hostPID()) {
      denials.add(new Finding(HOST_PID, name + " would share the host's PID namespace (spec.hostPID).",
          "remove hostPID: true."));
    }
    if (p.hostNetwork()) {
      warnings.add(new Finding(HOST_NETWORK, name + " shares the host's network namespace.", "remove hostNetwork."));
    }
    for (PodSettings.Volume v : p.volumes()) {
      v.hostPath().map(MinimalContainerMapper::cleanPath).ifPresent(path -> {
        if (path.equals("/")) {
          denials.add(new Finding(HOST_ROOT, name + " would mount the host's root filesystem (volume " + v.name() + ").",
              "mount only the host directory it needs, read-only, or none."));
        } else if (exposesDockerSocket(path)) {
          denials.add(new Finding(DOCKER_SOCKET, name + " would mount " + path + " (volume " + v.name()
              + "), which exposes the container runtime's socket.", "do not mount runtime sockets into pods."));
        }
      });
    }
  }

  private static void exec(Subject subject, List<Finding> denials) {
    if (!(subject instanceof Subject.Container c)) {
      return;
    }
    ContainerSettings s = c.settings();
    if (s.privileged()) {
      denials.add(new Finding(EXEC_PRIVILEGED, "exec in " + s.name() + " would run privileged (Privileged).",
          "run docker exec without --privileged."));
    }
    String user = s.user().orElse("");
    String uid = user.split(":", 2)[0];
    if (uid.equals("0") || uid.equals("root")) {
      denials.add(new Finding(EXEC_ROOT, "exec in " + s.name() + " would run as root (User " + user + ").",
          "run docker exec without -u 0 / -u root; use the container's own user."));
    }
  }

  private void registry(GuardRequest request, List<Finding> denials) {
    if (allowedRegistries.isEmpty()) {
      return;
    }
    String registry = request.attributes().getOrDefault("registry", ImageNames.DOCKER_HUB);
    if (!allowedRegistries.orElseThrow().contains(registry)) {
      denials.add(new Finding(REGISTRY, request.summary() + ": registry " + registry + " is not on the allow-list.",
          "use an image from " + String.join(", ", allowedRegistries.orElseThrow().stream().sorted().toList()) + "."));
    }
  }

  /** A local volume with {@code o=bind} is a bind mount by another name. */
  private static void volume(GuardRequest request, List<Finding> denials) {
    var a = request.attributes();
    String device = a.getOrDefault("volume.opt.device", "");
    boolean bind = List.of(a.getOrDefault("volume.opt.o", "").split(",")).contains("bind")
        || a.getOrDefault("volume.opt.type", "").equals("none");
    if (!bind || !device.startsWith("/")) {
      return;
    }
    String path = MinimalContainerMapper.cleanPath(device);
    if (path.equals("/")) {
      denials.add(new Finding(HOST_ROOT, "volume " + a.getOrDefault("volume.name", "") + " would bind the host's root "
          + "filesystem (device=" + device + ").", "bind only the directory it needs."));
    } else if (exposesDockerSocket(path)) {
      denials.add(new Finding(DOCKER_SOCKET, "volume " + a.getOrDefault("volume.name", "") + " would bind " + path
          + ", which exposes the Docker Engine socket.", "do not bind the Docker socket or a directory holding it."));
    }
  }

  /** Every Linux capability, as a privileged container gets them. */
  public static List<String> allCapabilities() {
    return MinimalContainerMapper.ALL_CAPABILITIES;
  }

  /** The socket itself, a directory above it, or any path naming docker.sock. */
  static boolean exposesDockerSocket(String path) {
    if (path.endsWith("/docker.sock")) {
      return true;
    }
    for (String socket : DOCKER_SOCKETS) {
      if (socket.startsWith(path.endsWith("/") ? path : path + "/")) {
        return true;
      }
    }
    return false;
  }

  private static String name(ContainerSettings s) {
    return s.name().isEmpty() ? s.image().map(i -> "of " + i).orElse("") : s.name();
  }

  private static String field(Subject.Container c, String path) {
    return c.provenance().of(path).display();
  }
}
