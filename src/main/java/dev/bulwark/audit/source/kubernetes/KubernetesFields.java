package dev.bulwark.audit.source.kubernetes;

import dev.bulwark.audit.model.ContainerSettings.EnvVar;
import dev.bulwark.audit.model.ContainerSettings.Healthcheck;
import dev.bulwark.audit.source.ContainerBuilder;
import dev.bulwark.audit.source.tree.Cursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How Kubernetes writes the settings the pod reader maps: profiles, SELinux options, volumes, probes, env. */
final class KubernetesFields {
  private KubernetesFields() {}

  static void env(ContainerBuilder b, Cursor env) {
    for (Cursor variable : env.items()) {
      String name = variable.get("name").textOr("");
      Cursor from = variable.get("valueFrom");
      boolean secret = from.get("secretKeyRef").exists();
      Optional<String> value = from.exists() ? Optional.empty() : variable.get("value").text();
      b.env(new EnvVar(name, value, secret), variable.location());
    }
  }

  /**
   * A liveness probe read as a healthcheck: {@code CMD …}, {@code HTTP-GET path:port}, {@code TCP port},
   * {@code GRPC port}.
   */
  static Optional<Healthcheck> probe(Cursor probe) {
    if (!probe.exists()) {
      return Optional.empty();
    }
    if (probe.get("exec").exists()) {
      List<String> test = new ArrayList<>(List.of("CMD"));
      test.addAll(probe.get("exec").get("command").strings());
      return Optional.of(new Healthcheck(test, false));
    }
    if (probe.get("httpGet").exists()) {
      Cursor get = probe.get("httpGet");
      String target = get.get("path").textOr("/") + ":" + get.get("port").textOr("");
      return Optional.of(new Healthcheck(List.of("HTTP-GET", target), false));
    }
    if (probe.get("tcpSocket").exists()) {
      return Optional.of(new Healthcheck(List.of("TCP", probe.get("tcpSocket").get("port").textOr("")), false));
    }
    if (probe.get("grpc").exists()) {
      return Optional.of(new Healthcheck(List.of("GRPC", probe.get("grpc").get("port").textOr("")), false));
    }
    return Optional.empty();
  }

  /** {@code {type: RuntimeDefault}} → {@code runtime/default}; {@code Localhost} → {@code localhost/PROFILE}. */
  static Optional<String> profile(Cursor profile) {
    if (!profile.exists()) {
      return Optional.empty();
    }
    String type = profile.get("type").textOr("");
    return Optional.of(switch (type) {
      case "RuntimeDefault" -> "runtime/default";
      case "Unconfined" -> "unconfined";
      case "Localhost" -> "localhost/" + profile.get("localhostProfile").textOr("");
      default -> type;
    });
  }

  static String legacySeccomp(String value) {
    return value.equals("docker/default") ? "runtime/default" : value;
  }

  static List<String> selinux(Cursor options) {
    List<String> result = new ArrayList<>();
    for (String key : List.of("user", "role", "type", "level")) {
      options.get(key).text().ifPresent(v -> result.add(key + ":" + v));
    }
    return result;
  }

  /** The volume source kind: the one key besides {@code name}. */
  static String volumeType(Cursor volume) {
    for (String key : volume.entries().keySet()) {
      if (!key.equals("name")) {
        return key;
      }
    }
    return "emptyDir";
  }
}
