package dev.bulwark.enforce.policy;

import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.enforce.GuardRequest;
import dev.bulwark.enforce.HostPaths;
import dev.bulwark.enforce.policy.RuleDecider.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks that exist only at the API, not in the audit catalog: exec with privilege or as
 * root (CIS Docker 5.22 and 5.23 say not to), plugin changes (a plugin change could disable this
 * guard), registries off the allow-list, and volumes that bind a host path by another name.
 */
final class RequestChecks {
  static final String EXEC_PRIVILEGED = "exec-privileged";
  static final String EXEC_ROOT = "exec-as-root";
  static final String PLUGIN_CHANGE = "plugin-change";
  static final String REGISTRY = "registry-not-allowed";
  static final String VOLUME_BIND = "volume-binds-host-path";

  private final GuardPolicy policy;
  private final Set<String> pluginUsers;

  RequestChecks(GuardPolicy policy, Set<String> pluginUsers) {
    this.policy = policy;
    this.pluginUsers = Set.copyOf(pluginUsers);
  }

  List<Violation> check(GuardRequest request) {
    List<Violation> denials = new ArrayList<>();
    switch (request.action()) {
      case "exec.create" -> request.subject().ifPresent(s -> exec(s, request.user().orElse(""), denials));
      case "plugin.install", "plugin.change" -> {
        if (request.user().isEmpty() || !pluginUsers.contains(request.user().orElseThrow())) {
          denials.add(new Violation(PLUGIN_CHANGE, "installing or changing a plugin (" + request.summary()
              + ") could disable this guard", "ask an administrator the policy lists under plugins.users"));
        }
      }
      case "image.pull", "image.push" -> policy.allowedRegistries().ifPresent(allowed -> {
        String registry = request.attributes().getOrDefault("registry", "docker.io");
        if (!allowed.contains(registry)) {
          denials.add(new Violation(REGISTRY, request.summary() + ": registry " + registry + " is not on the allow-list",
              "use an image from " + String.join(", ", allowed.stream().sorted().toList())));
        }
      });
      case "volume.create" -> volume(request.attributes(), denials);
      default -> {}
    }
    return denials;
  }

  private void exec(Subject subject, String user, List<Violation> denials) {
    if (!(subject instanceof Subject.Container c) || exempt(EXEC_PRIVILEGED, user) && exempt(EXEC_ROOT, user)) {
      return;
    }
    ContainerSettings s = c.settings();
    if (policy.denyPrivilegedExec() && s.privileged() && !exempt(EXEC_PRIVILEGED, user)) {
      denials.add(new Violation(EXEC_PRIVILEGED, "exec in " + s.name() + " would run privileged (Privileged = true)",
          "run docker exec without --privileged"));
    }
    String execUser = s.user().orElse("");
    String uid = execUser.split(":", 2)[0];
    if (policy.denyRootExec() && (uid.equals("0") || uid.equals("root")) && !exempt(EXEC_ROOT, user)) {
      denials.add(new Violation(EXEC_ROOT, "exec in " + s.name() + " would run as root (User = " + execUser + ")",
          "run docker exec without -u 0 or -u root; use the container's own user"));
    }
  }

  private boolean exempt(String rule, String user) {
    return policy.exemptions().stream().anyMatch(e -> e.covers(rule, user, "", Map.of()));
  }

  /** A local volume with {@code o=bind} (or type none) and a device path is a bind mount. */
  private static void volume(Map<String, String> a, List<Violation> denials) {
    String device = a.getOrDefault("volume.opt.device", "");
    boolean bind = List.of(a.getOrDefault("volume.opt.o", "").split(",")).contains("bind")
        || a.getOrDefault("volume.opt.type", "").equals("none");
    if (!bind || !device.startsWith("/")) {
      return;
    }
    String path = HostPaths.clean(device);
    if (path.equals("/") || HostPaths.exposesDockerSocket(path)) {
      denials.add(new Violation(VOLUME_BIND, "volume " + a.getOrDefault("volume.name", "") + " would bind "
          + (path.equals("/") ? "the host's root filesystem" : path + ", which exposes the Docker Engine socket")
          + " (device=" + device + ")", "bind only the directory the workload needs, never / or the Docker socket"));
    }
  }
}
