package dev.bulwark.enforce.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.ContainerSettings.Capabilities;
import dev.bulwark.audit.model.ContainerSettings.EnvVar;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.ContainerSettings.Namespaces;
import dev.bulwark.audit.model.ContainerSettings.Port;
import dev.bulwark.audit.model.ContainerSettings.Resources;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.PodSettings;
import dev.bulwark.audit.model.Provenance;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.model.SubjectRef;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The guard's own reading of pod specs, limited to what enforcement checks; the audit's Kubernetes
 * manifest mapper supersedes it.
 */
public final class MinimalPodMapper implements PodMapper {
  /** containerd's and CRI-O's default capabilities (the same as Docker's). */
  static final List<String> RUNTIME_DEFAULT_CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER",
      "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL",
      "AUDIT_WRITE");

  /** Where each kind keeps its pod spec. */
  static Optional<JsonNode> podSpec(JsonNode object, String kind) {
    JsonNode spec = switch (kind) {
      case "Pod" -> object.path("spec");
      case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController", "DeploymentConfig" ->
          object.path("spec").path("template").path("spec");
      case "CronJob" -> object.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
      case "PodTemplate" -> object.path("template").path("spec");
      default -> null;
    };
    return spec == null || !spec.isObject() ? Optional.empty() : Optional.of(spec);
  }

  @Override
  public Optional<Pod> map(JsonNode object, String kind, String requestNamespace) {
    Optional<JsonNode> found = podSpec(object, kind);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    JsonNode spec = found.orElseThrow();
    JsonNode meta = object.path("metadata");
    String name = meta.path("name").asText(meta.path("generateName").asText(""));
    String namespace = meta.path("namespace").asText(requestNamespace);
    String display = kind + "/" + namespace + "/" + name;
    Location where = Location.field("kubernetes " + display, "");
    JsonNode podSecurity = spec.path("securityContext");

    List<PodSettings.Volume> volumes = new ArrayList<>();
    Map<String, PodSettings.Volume> byName = new LinkedHashMap<>();
    for (JsonNode v : spec.path("volumes")) {
      String type = "unknown";
      for (var it = v.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!field.equals("name")) {
          type = field;
          break;
        }
      }
      Optional<String> hostPath = type.equals("hostPath") ? text(v.path("hostPath").path("path")) : Optional.empty();
      PodSettings.Volume volume = new PodSettings.Volume(v.path("name").asText(""), type, hostPath);
      volumes.add(volume);
      byName.put(volume.name(), volume);
    }
    Map<String, String> sysctls = new LinkedHashMap<>();
    for (JsonNode s : podSecurity.path("sysctls")) {
      sysctls.put(s.path("name").asText(""), s.path("value").asText(""));
    }
    List<JsonNode> containers = new ArrayList<>();
    List<String> containerNames = new ArrayList<>();
    for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
      for (JsonNode c : spec.path(field)) {
        containers.add(c);
        containerNames.add(c.path("name").asText(""));
      }
    }
    List<Long> groups = new ArrayList<>();
    podSecurity.path("supplementalGroups").forEach(g -> groups.add(g.asLong()));
    PodSettings pod = new PodSettings(kind, name, namespace,
        spec.path("hostNetwork").asBoolean(false), spec.path("hostPID").asBoolean(false),
        spec.path("hostIPC").asBoolean(false),
        spec.path("hostUsers").isBoolean() ? Optional.of(spec.path("hostUsers").asBoolean()) : Optional.empty(),
        volumes, sysctls, seccomp(podSecurity), text(podSecurity.path("appArmorProfile").path("type")),
        selinux(podSecurity), number(podSecurity.path("runAsUser")), bool(podSecurity.path("runAsNonRoot")),
        number(podSecurity.path("fsGroup")), groups,
        text(spec.path("serviceAccountName")), bool(spec.path("automountServiceAccountToken")),
        podSecurity.path("windowsOptions").path("hostProcess").asBoolean(false), containerNames);
    SubjectRef podRef = new SubjectRef("kubernetes", display, text(meta.path("uid")), Optional.empty(),
        Optional.empty());
    Provenance podProvenance = new Provenance(where, Map.of(
        "hostPID", Location.field(where.source(), "spec.hostPID"),
        "hostNetwork", Location.field(where.source(), "spec.hostNetwork"),
        "volumes", Location.field(where.source(), "spec.volumes")));

    List<Subject.Container> subjects = new ArrayList<>();
    for (JsonNode c : containers) {
      subjects.add(container(c, pod, podSecurity, byName, display, where));
    }
    return Optional.of(new Pod(new Subject.Pod(podRef, pod, podProvenance), subjects));
  }

  private static Subject.Container container(JsonNode c, PodSettings pod, JsonNode podSecurity,
      Map<String, PodSettings.Volume> volumes, String display, Location where) {
    String name = c.path("name").asText("");
    JsonNode sc = c.path("securityContext");
    String prefix = "container " + name + " securityContext.";
    Map<String, Location> fields = new LinkedHashMap<>();
    boolean privileged = sc.path("privileged").asBoolean(false);
    fields.put("privileged", Location.field(where.source(), prefix + "privileged"));
    List<String> add = capabilities(sc.path("capabilities").path("add"));
    List<String> drop = capabilities(sc.path("capabilities").path("drop"));
    fields.put("capabilities.add", Location.field(where.source(), prefix + "capabilities.add"));
    Set<String> effective = new LinkedHashSet<>();
    if (privileged) {
      effective.addAll(dev.bulwark.enforce.docker.BuiltInChecks.allCapabilities());
    } else {
      if (!drop.contains("ALL")) {
        RUNTIME_DEFAULT_CAPABILITIES.stream().filter(x -> !drop.contains(x)).forEach(effective::add);
      }
      effective.addAll(add);
    }
    Optional<Long> uid = number(sc.path("runAsUser")).or(() -> pod.runAsUser());
    Optional<Long> gid = number(sc.path("runAsGroup")).or(() -> number(podSecurity.path("runAsGroup")));
    List<Mount> mounts = new ArrayList<>();
    JsonNode volumeMounts = c.path("volumeMounts");
    for (int i = 0; i < volumeMounts.size(); i++) {
      JsonNode m = volumeMounts.get(i);
      PodSettings.Volume v = volumes.get(m.path("name").asText(""));
      String type = v == null ? "unknown" : v.type();
      String source = v == null ? m.path("name").asText("") : v.hostPath().orElse(v.name());
      fields.put("mounts[" + i + "]", Location.field(where.source(), "container " + name + " volumeMounts[" + i + "]"));
      mounts.add(new Mount(type, source, m.path("mountPath").asText(""), m.path("readOnly").asBoolean(false),
          text(m.path("mountPropagation"))));
    }
    JsonNode limits = c.path("resources").path("limits");
    Resources resources = new Resources(quantity(limits.path("memory")).map(BigDecimal::longValue), Optional.empty(),
        quantity(limits.path("cpu")).map(BigDecimal::doubleValue), Optional.empty(), Optional.empty(), List.of());
    fields.put("resources.memoryBytes", Location.field(where.source(), "container " + name
        + " resources.limits.memory"));
    String podNs = "pod";
    Namespaces namespaces = new Namespaces(pod.hostPID() ? "host" : podNs, pod.hostNetwork() ? "host" : podNs,
        pod.hostIPC() ? "host" : podNs, pod.hostNetwork() ? "host" : podNs,
        pod.hostUsers().orElse(true) ? "host" : "private", "private");
    fields.put("namespaces.pid", Location.field(where.source(), "spec.hostPID"));
    List<EnvVar> env = new ArrayList<>();
    for (JsonNode e : c.path("env")) {
      env.add(new EnvVar(e.path("name").asText(""), text(e.path("value")),
          !e.path("valueFrom").path("secretKeyRef").isMissingNode()));
    }
    List<Port> ports = new ArrayList<>();
    for (JsonNode p : c.path("ports")) {
      ports.add(new Port(p.path("containerPort").asInt(), p.path("hostPort").isInt()
          ? Optional.of(p.path("hostPort").asInt()) : Optional.empty(), p.path("hostIP").asText(""),
          p.path("protocol").asText("TCP")));
    }
    List<String> command = new ArrayList<>();
    c.path("command").forEach(x -> command.add(x.asText()));
    c.path("args").forEach(x -> command.add(x.asText()));
    Optional<Boolean> escalation = bool(sc.path("allowPrivilegeEscalation"));
    ContainerSettings settings = new ContainerSettings(name, text(c.path("image")), Optional.empty(),
        uid.map(String::valueOf), uid, gid, privileged,
        new Capabilities(add, drop, List.copyOf(effective)),
        seccomp(sc).or(pod::seccomp), text(sc.path("appArmorProfile").path("type")).or(pod::apparmor),
        sc.has("seLinuxOptions") ? selinux(sc) : pod.selinuxOptions(),
        escalation.map(allowed -> !allowed),
        bool(sc.path("runAsNonRoot")).or(pod::runAsNonRoot),
        sc.path("readOnlyRootFilesystem").asBoolean(false),
        mounts, List.of(), namespaces, resources, Optional.empty(), Optional.empty(), text(sc.path("procMount")),
        pod.sysctls(), env, ports, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        command.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", command)), Optional.empty());
    SubjectRef ref = new SubjectRef("kubernetes", display + "/" + name, Optional.empty(), Optional.empty(),
        Optional.empty());
    return new Subject.Container(ref, settings, Optional.of(pod), new Provenance(where, fields));
  }

  static List<String> capabilities(JsonNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list) {
      String upper = n.asText("").toUpperCase(Locale.ROOT);
      out.add(upper.startsWith("CAP_") ? upper.substring(4) : upper);
    }
    return out;
  }

  private static Optional<String> seccomp(JsonNode securityContext) {
    JsonNode profile = securityContext.path("seccompProfile");
    return text(profile.path("type")).map(t -> profile.has("localhostProfile")
        ? t + ":" + profile.path("localhostProfile").asText() : t);
  }

  private static List<String> selinux(JsonNode securityContext) {
    List<String> out = new ArrayList<>();
    securityContext.path("seLinuxOptions").properties().forEach(e -> out.add(e.getKey() + ":" + e.getValue().asText()));
    return out;
  }

  /**
   * A Kubernetes quantity ({@code 128Mi}, {@code 1G}, {@code 500m}, {@code 1e3}) as a number; empty
   * when absent or unreadable.
   */
  static Optional<BigDecimal> quantity(JsonNode node) {
    if (!node.isValueNode() || node.isNull()) {
      return Optional.empty();
    }
    String text = node.asText().trim();
    var m = java.util.regex.Pattern.compile("([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m|)")
        .matcher(text);
    if (text.length() > 64 || !m.matches()) {
      return Optional.empty();
    }
    try {
      BigDecimal number = new BigDecimal(m.group(1));
      BigDecimal factor = switch (m.group(2)) {
        case "Ki" -> BigDecimal.valueOf(1L << 10);
        case "Mi" -> BigDecimal.valueOf(1L << 20);
        case "Gi" -> BigDecimal.valueOf(1L << 30);
        case "Ti" -> BigDecimal.valueOf(1L << 40);
        case "Pi" -> BigDecimal.valueOf(1L << 50);
        case "Ei" -> BigDecimal.valueOf(1L << 60);
        case "k" -> BigDecimal.valueOf(1_000L);
        case "M" -> BigDecimal.valueOf(1_000_000L);
        case "G" -> BigDecimal.valueOf(1_000_000_000L);
        case "T" -> BigDecimal.valueOf(1_000_000_000_000L);
        case "P" -> BigDecimal.valueOf(1_000_000_000_000_000L);
        case "E" -> BigDecimal.valueOf(1_000_000_000_000_000_000L);
        case "m" -> new BigDecimal("0.001");
        default -> BigDecimal.ONE;
      };
      return Optional.of(number.multiply(factor));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
  }

  private static Optional<Long> number(JsonNode node) {
    return node.isIntegralNumber() ? Optional.of(node.asLong()) : Optional.empty();
  }

  private static Optional<Boolean> bool(JsonNode node) {
    return node.isBoolean() ? Optional.of(node.asBoolean()) : Optional.empty();
  }
}
