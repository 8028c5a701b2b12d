package dev.bulwark.enforce.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the guard enforces: a mode per rule of the audit catalog (and a default for the others),
 * exemptions, who may change plugins, which registries images may come from, whether exec as root
 * or privileged is refused, and the image gate.
 *
 * @param allowedRegistries empty: any registry
 * @param imageGate deny containers whose image has findings at or above this severity
 */
public record GuardPolicy(
    Mode defaultMode,
    Map<String, Mode> modes,
    List<Exemption> exemptions,
    Set<String> pluginUsers,
    Optional<Set<String>> allowedRegistries,
    boolean denyPrivilegedExec,
    boolean denyRootExec,
    Optional<ImageGate> imageGate,
    String source) {
  public GuardPolicy {
    modes = Map.copyOf(modes);
    exemptions = List.copyOf(exemptions);
    pluginUsers = Set.copyOf(pluginUsers);
    allowedRegistries = allowedRegistries.map(Set::copyOf);
  }

  /** The same policy with the registries restricted to {@code allowed}. */
  public GuardPolicy withAllowedRegistries(Set<String> allowed) {
    return new GuardPolicy(defaultMode, modes, exemptions, pluginUsers, Optional.of(allowed), denyPrivilegedExec,
        denyRootExec, imageGate, source);
  }

  public Mode modeOf(String rule) {
    return modes.getOrDefault(rule, defaultMode);
  }

  /**
   * @param severity deny at or above this severity of the image's vulnerability findings
   * @param database the advisory database; empty: the default location
   * @param ignoreUnfixed findings without a released fix do not count
   */
  public record ImageGate(dev.bulwark.vuln.cvss.Rating severity, Optional<java.nio.file.Path> database,
      boolean ignoreUnfixed) {}
}
