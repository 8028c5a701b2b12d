package dev.bulwark.audit.source.kubernetes;

import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.ContainerSettings.Port;
import dev.bulwark.audit.model.ContainerSettings.RestartPolicy;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.PodSettings;
import dev.bulwark.audit.model.Provenance;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.model.SubjectRef;
import dev.bulwark.audit.source.Capabilities;
import dev.bulwark.audit.source.ContainerBuilder;
import dev.bulwark.audit.source.tree.Cursor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One pod template as a {@link Subject.Pod} and a {@link Subject.Container} per init, regular and
 * ephemeral container, the pod's securityContext folded into each container's (container values win).
 * The runtime's default capabilities are containerd's (the same set as Docker's). Seccomp, AppArmor and
 * SELinux read {@code runtime/default}, {@code localhost/PROFILE} or {@code unconfined}; AppArmor also
 * from the {@code container.apparmor.security.beta.kubernetes.io/NAME} annotation, seccomp also from the
 * legacy {@code seccomp.security.alpha.kubernetes.io} annotations, both below the fields.
 */
final class PodSpecReader {
  private static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";
  private static final String SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
  private static final String SECCOMP_CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/";

  private final String kind;
  private final String objectName;
  private final String namespace;
  private final Cursor object;
  private final Cursor spec;
  private final Cursor podContext;
  private final Map<String, Cursor> annotations;
  private final Map<String, Cursor> volumes = new LinkedHashMap<>();

  private PodSpecReader(String kind, String objectName, String namespace, Cursor object, Cursor template) {
    this.kind = kind;
    this.objectName = objectName;
    this.namespace = namespace;
    this.object = object;
    this.spec = template.get("spec");
    this.podContext = spec.get("securityContext");
    this.annotations = template.get("metadata").get("annotations").entries();
  }

  static List<Subject> read(String kind, String name, String namespace, Cursor object, Cursor template) {
    return new PodSpecReader(kind, name, namespace, object, template).subjects();
  }

  private List<Subject> subjects() {
    List<Cursor> containers = new ArrayList<>();
    for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
      containers.addAll(spec.get(list).items());
    }
    Provenance.Builder podProvenance = new Provenance.Builder(object.location());
    PodSettings pod = pod(containers, podProvenance);
    String podName = kind + "/" + namespace + "/" + objectName;
    List<Subject> result = new ArrayList<>();
    result.add(new Subject.Pod(ref(podName, object.line()), pod, podProvenance.build()));
    for (Cursor container : containers) {
      result.add(container(container, pod, podName));
    }
    return result;
  }

  private SubjectRef ref(String name, int line) {
    return new SubjectRef("kubernetes", name, Optional.empty(), Optional.of(object.source()), Optional.of(line));
  }

  private PodSettings pod(List<Cursor> containers, Provenance.Builder p) {
    List<PodSettings.Volume> podVolumes = new ArrayList<>();
    for (Cursor volume : spec.get("volumes").items()) {
      String volumeName = volume.get("name").textOr("");
      String type = KubernetesFields.volumeType(volume);
      Optional<String> hostPath = volume.get("hostPath").get("path").text();
      p.put("volumes[" + podVolumes.size() + "]", volume.location());
      podVolumes.add(new PodSettings.Volume(volumeName, type, hostPath));
      volumes.put(volumeName, volume);
    }
    Map<String, String> sysctls = new LinkedHashMap<>();
    for (Cursor sysctl : podContext.get("sysctls").items()) {
      sysctls.put(sysctl.get("name").textOr(""), sysctl.get("value").textOr(""));
      p.put("sysctls", podContext.get("sysctls").location());
    }
    Optional<String> seccomp = KubernetesFields.profile(podContext.get("seccompProfile"))
        .or(() -> annotation(SECCOMP_POD_ANNOTATION).map(KubernetesFields::legacySeccomp));
    seccomp.ifPresent(s -> p.put("seccomp", podContext.get("seccompProfile").exists()
        ? podContext.get("seccompProfile").location() : annotations.get(SECCOMP_POD_ANNOTATION).location()));
    Optional<String> apparmor = KubernetesFields.profile(podContext.get("appArmorProfile"));
    apparmor.ifPresent(a -> p.put("apparmor", podContext.get("appArmorProfile").location()));
    List<String> selinux = KubernetesFields.selinux(podContext.get("seLinuxOptions"));
    if (!selinux.isEmpty()) {
      p.put("selinuxOptions", podContext.get("seLinuxOptions").location());
    }
    List<Long> groups = new ArrayList<>();
    for (Cursor group : podContext.get("supplementalGroups").items()) {
      group.integer().ifPresent(groups::add);
    }
    record(p, "hostNetwork", spec.get("hostNetwork"));
    record(p, "hostPID", spec.get("hostPID"));
    record(p, "hostIPC", spec.get("hostIPC"));
    record(p, "hostUsers", spec.get("hostUsers"));
    record(p, "runAsUser", podContext.get("runAsUser"));
    record(p, "runAsNonRoot", podContext.get("runAsNonRoot"));
    record(p, "fsGroup", podContext.get("fsGroup"));
    record(p, "supplementalGroups", podContext.get("supplementalGroups"));
    Cursor account = firstOf(spec, "serviceAccountName", "serviceAccount");
    record(p, "serviceAccountName", account);
    record(p, "automountServiceAccountToken", spec.get("automountServiceAccountToken"));
    Cursor hostProcess = podContext.get("windowsOptions").get("hostProcess");
    record(p, "windowsHostProcess", hostProcess);
    List<String> names = new ArrayList<>();
    for (Cursor container : containers) {
      names.add(container.get("name").textOr(""));
    }
    return new PodSettings(kind, objectName, namespace, spec.get("hostNetwork").bool().orElse(false),
        spec.get("hostPID").bool().orElse(false), spec.get("hostIPC").bool().orElse(false),
        spec.get("hostUsers").bool(), podVolumes, sysctls, seccomp, apparmor, selinux,
        podContext.get("runAsUser").integer(), podContext.get("runAsNonRoot").bool(),
        podContext.get("fsGroup").integer(), groups, account.text(), spec.get("automountServiceAccountToken").bool(),
        hostProcess.bool().orElse(false), names);
  }

  private Subject.Container container(Cursor c, PodSettings pod, String podName) {
    String name = c.get("name").textOr("");
    ContainerBuilder b = new ContainerBuilder(name, c.location());
    Cursor context = c.get("securityContext");
    c.get("image").text().ifPresent(v -> b.image(v, c.get("image").location()));
    Cursor runAsUser = either(context, "runAsUser");
    runAsUser.integer().ifPresent(u -> b.user(String.valueOf(u), runAsUser.location()));
    Cursor runAsGroup = either(context, "runAsGroup");
    runAsGroup.integer().ifPresent(g -> b.gid(g, runAsGroup.location()));
    Cursor nonRoot = either(context, "runAsNonRoot");
    nonRoot.bool().ifPresent(v -> b.runAsNonRoot(v, nonRoot.location()));
    context.get("privileged").bool().ifPresent(v -> b.privileged(v, context.get("privileged").location()));
    Cursor capabilities = context.get("capabilities");
    if (capabilities.get("add").exists()) {
      b.capAdd(capabilities.get("add").strings(), capabilities.get("add").location());
    }
    if (capabilities.get("drop").exists()) {
      b.capDrop(capabilities.get("drop").strings(), capabilities.get("drop").location());
    }
    b.defaultCapabilities(Capabilities.RUNTIME_DEFAULT);
    context.get("allowPrivilegeEscalation").bool()
        .ifPresent(v -> b.noNewPrivileges(!v, context.get("allowPrivilegeEscalation").location()));
    context.get("readOnlyRootFilesystem").bool()
        .ifPresent(v -> b.readOnlyRootFilesystem(v, context.get("readOnlyRootFilesystem").location()));
    context.get("procMount").text().ifPresent(v -> {
      Location at = context.get("procMount").location();
      b.procMount(v, at);
      if (v.equals("Unmasked")) {
        b.maskedPaths(List.of(), at);
        b.readonlyPaths(List.of(), at);
      }
    });
    seccomp(b, context, name);
    apparmor(b, context, name);
    Cursor selinux = either(context, "seLinuxOptions");
    for (String option : KubernetesFields.selinux(selinux)) {
      b.selinuxOption(option, selinux.location());
    }
    mounts(b, c);
    namespaces(b);
    resources(b, c.get("resources").get("limits"));
    for (Map.Entry<String, String> sysctl : pod.sysctls().entrySet()) {
      b.sysctl(sysctl.getKey(), sysctl.getValue(), podContext.get("sysctls").location());
    }
    KubernetesFields.env(b, c.get("env"));
    for (Cursor port : c.get("ports").items()) {
      int containerPort = (int) port.get("containerPort").integer().orElse(0L).longValue();
      Optional<Integer> hostPort = port.get("hostPort").integer().filter(h -> h > 0).map(Long::intValue);
      b.port(new Port(containerPort, hostPort, port.get("hostIP").textOr(""),
          port.get("protocol").textOr("TCP").toLowerCase(Locale.ROOT)), port.location());
    }
    KubernetesFields.probe(c.get("livenessProbe")).ifPresent(h -> b.healthcheck(h, c.get("livenessProbe").location()));
    Cursor restart = c.get("restartPolicy").exists() ? c.get("restartPolicy") : spec.get("restartPolicy");
    restart.text().ifPresent(r -> b.restartPolicy(new RestartPolicy(r, 0), restart.location()));
    spec.get("runtimeClassName").text().ifPresent(r -> b.runtime(r, spec.get("runtimeClassName").location()));
    List<String> command = new ArrayList<>(c.get("command").strings());
    command.addAll(c.get("args").strings());
    if (!command.isEmpty()) {
      b.command(String.join(" ", command), (c.get("command").exists() ? c.get("command") : c.get("args")).location());
    }
    ContainerSettings settings = b.build();
    return new Subject.Container(ref(podName + "/" + name, c.line()), settings, Optional.of(pod), b.provenance());
  }

  private void seccomp(ContainerBuilder b, Cursor context, String name) {
    Cursor field = either(context, "seccompProfile");
    Optional<String> value = KubernetesFields.profile(field);
    if (value.isPresent()) {
      b.seccomp(value.orElseThrow(), field.location());
      return;
    }
    for (String key : List.of(SECCOMP_CONTAINER_ANNOTATION + name, SECCOMP_POD_ANNOTATION)) {
      Optional<String> legacy = annotation(key).map(KubernetesFields::legacySeccomp);
      if (legacy.isPresent()) {
        b.seccomp(legacy.orElseThrow(), annotations.get(key).location());
        return;
      }
    }
  }

  private void apparmor(ContainerBuilder b, Cursor context, String name) {
    Optional<String> field = KubernetesFields.profile(context.get("appArmorProfile"));
    if (field.isPresent()) {
      b.apparmor(field.orElseThrow(), context.get("appArmorProfile").location());
      return;
    }
    Optional<String> annotated = annotation(APPARMOR_ANNOTATION + name);
    if (annotated.isPresent()) {
      b.apparmor(annotated.orElseThrow(), annotations.get(APPARMOR_ANNOTATION + name).location());
      return;
    }
    Cursor pod = podContext.get("appArmorProfile");
    KubernetesFields.profile(pod).ifPresent(v -> b.apparmor(v, pod.location()));
  }

  private void mounts(ContainerBuilder b, Cursor c) {
    for (Cursor mount : c.get("volumeMounts").items()) {
      String volumeName = mount.get("name").textOr("");
      Cursor volume = volumes.get(volumeName);
      String type = volume == null ? "unknown" : KubernetesFields.volumeType(volume);
      String source = volume != null && type.equals("hostPath") ? volume.get("hostPath").get("path").textOr("")
          : volumeName;
      Optional<String> propagation = mount.get("mountPropagation").text().map(m -> switch (m) {
        case "HostToContainer" -> "rslave";
        case "Bidirectional" -> "rshared";
        default -> "rprivate";
      });
      String target = mount.get("mountPath").textOr("");
      boolean readOnly = mount.get("readOnly").bool().orElse(false);
      b.mount(new Mount(type, source, target, readOnly, propagation), mount.location());
    }
  }

  private void namespaces(ContainerBuilder b) {
    boolean hostNetwork = spec.get("hostNetwork").bool().orElse(false);
    namespace(b, "network", hostNetwork, "hostNetwork", "pod");
    namespace(b, "uts", hostNetwork, "hostNetwork", "pod");
    namespace(b, "ipc", spec.get("hostIPC").bool().orElse(false), "hostIPC", "pod");
    boolean shared = spec.get("shareProcessNamespace").bool().orElse(false);
    namespace(b, "pid", spec.get("hostPID").bool().orElse(false), "hostPID", shared ? "pod" : "private");
    if (shared && !spec.get("hostPID").bool().orElse(false)) {
      b.namespace("pid", "pod", spec.get("shareProcessNamespace").location());
    }
    Optional<Boolean> hostUsers = spec.get("hostUsers").bool();
    if (hostUsers.isPresent()) {
      b.namespace("user", hostUsers.orElseThrow() ? "host" : "pod", spec.get("hostUsers").location());
    }
  }

  private void namespace(ContainerBuilder b, String kind, boolean host, String field, String otherwise) {
    if (host) {
      b.namespace(kind, "host", spec.get(field).location());
    } else {
      b.namespaceDefault(kind, otherwise);
    }
  }

  private void resources(ContainerBuilder b, Cursor limits) {
    Cursor memory = limits.get("memory");
    memory.text().ifPresent(m -> b.memoryBytes(parse(memory, () -> Quantities.bytes(m)), memory.location()));
    Cursor cpu = limits.get("cpu");
    cpu.text().ifPresent(v -> b.cpus(parse(cpu, () -> Quantities.cores(v)), cpu.location()));
  }

  private static Cursor firstOf(Cursor object, String key, String fallback) {
    return object.get(key).exists() ? object.get(key) : object.get(fallback);
  }

  /** A securityContext value from the container, else the pod. */
  private Cursor either(Cursor context, String key) {
    return context.get(key).exists() ? context.get(key) : podContext.get(key);
  }

  private Optional<String> annotation(String key) {
    Cursor value = annotations.get(key);
    return value == null ? Optional.empty() : value.text();
  }

  private static void record(Provenance.Builder p, String path, Cursor value) {
    if (value.exists()) {
      p.put(path, value.location());
    }
  }

  private static <T> T parse(Cursor at, Supplier<T> reader) {
    try {
      return reader.get();
    } catch (IllegalArgumentException e) {
      throw at.error(e.getMessage());
    }
  }
}
