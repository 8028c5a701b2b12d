package dev.bulwark.enforce.docker;

import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.ContainerSettings.Capabilities;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.ContainerSettings.Namespaces;
import dev.bulwark.audit.model.ContainerSettings.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Short descriptions of what a request would create, for the audit log. */
final class Summaries {
  private Summaries() {}

  static String container(ContainerSettings s) {
    List<String> parts = new ArrayList<>();
    parts.add("image=" + clip(s.image().orElse("")));
    s.user().ifPresent(u -> parts.add("user=" + clip(u)));
    if (s.privileged()) {
      parts.add("privileged=true");
    }
    if (!s.capabilities().add().isEmpty()) {
      parts.add("capAdd=" + String.join(",", s.capabilities().add()));
    }
    if (!s.capabilities().drop().isEmpty()) {
      parts.add("capDrop=" + String.join(",", s.capabilities().drop()));
    }
    for (Mount m : s.mounts()) {
      if (m.type().equals("bind")) {
        parts.add("bind=" + clip(m.source()) + ":" + clip(m.target()) + (m.readOnly() ? ":ro" : ""));
      }
    }
    Namespaces n = s.namespaces();
    List.of("pid=" + n.pid(), "network=" + n.network(), "ipc=" + n.ipc(), "uts=" + n.uts(), "userns=" + n.user())
        .stream().filter(x -> !x.endsWith("=private")).forEach(parts::add);
    if (!s.devices().isEmpty()) {
      parts.add("devices=" + s.devices().size());
    }
    s.resources().memoryBytes().ifPresent(m -> parts.add("memory=" + m));
    s.resources().pidsLimit().ifPresent(p -> parts.add("pids=" + p));
    if (s.readOnlyRootFilesystem()) {
      parts.add("readOnly=true");
    }
    return String.join(" ", parts);
  }

  /** An exec's settings: the process runs in the container as {@code user}, privileged or not. */
  static ContainerSettings execSettings(String container, String user, boolean privileged) {
    return new ContainerSettings(container, Optional.empty(), Optional.empty(),
        user.isEmpty() ? Optional.empty() : Optional.of(user), Optional.empty(), Optional.empty(), privileged,
        new Capabilities(List.of(), List.of(), privileged ? dev.bulwark.audit.source.Capabilities.ALL : List.of()),
        Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), false, List.of(), List.of(),
        Namespaces.allPrivate(), Resources.unlimited(), Optional.empty(), Optional.empty(), Optional.empty(),
        java.util.Map.of(), List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  static String clip(String value) {
    String oneLine = value.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() <= AuthzTranslator.SUMMARY_VALUE_CHARS ? oneLine
        : oneLine.substring(0, AuthzTranslator.SUMMARY_VALUE_CHARS) + "…";
  }
}
