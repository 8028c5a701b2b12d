package dev.bulwark.audit.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod-level settings of a Kubernetes workload (the Pod Security Standards check these besides
 * each container's). Container-level values that the pod's securityContext defaults are already
 * folded into each container's {@link ContainerSettings}.
 *
 * @param kind the object that embeds the pod template ({@code Pod}, {@code Deployment}, {@code CronJob}, …)
 * @param hostUsers {@code spec.hostUsers}: false means a user namespace
 * @param containers names of every container: init, regular and ephemeral
 */
public record PodSettings(
    String kind,
    String name,
    String namespace,
    boolean hostNetwork,
    boolean hostPID,
    boolean hostIPC,
    Optional<Boolean> hostUsers,
    List<Volume> volumes,
    Map<String, String> sysctls,
    Optional<String> seccomp,
    Optional<String> apparmor,
    List<String> selinuxOptions,
    Optional<Long> runAsUser,
    Optional<Boolean> runAsNonRoot,
    Optional<Long> fsGroup,
    List<Long> supplementalGroups,
    Optional<String> serviceAccountName,
    Optional<Boolean> automountServiceAccountToken,
    boolean windowsHostProcess,
    List<String> containers) {
  public PodSettings {
    volumes = List.copyOf(volumes);
    sysctls = Map.copyOf(sysctls);
    selinuxOptions = List.copyOf(selinuxOptions);
    supplementalGroups = List.copyOf(supplementalGroups);
    containers = List.copyOf(containers);
  }

  /** @param type the volume source kind ({@code hostPath}, {@code emptyDir}, {@code configMap}, …) */
  public record Volume(String name, String type, Optional<String> hostPath) {}
}
