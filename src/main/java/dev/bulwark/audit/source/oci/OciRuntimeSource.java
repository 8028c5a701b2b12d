package dev.bulwark.audit.source.oci;

import dev.bulwark.audit.model.ContainerSettings.Device;
import dev.bulwark.audit.model.ContainerSettings.EnvVar;
import dev.bulwark.audit.model.ContainerSettings.Mount;
import dev.bulwark.audit.model.ContainerSettings.Ulimit;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.model.SubjectRef;
import dev.bulwark.audit.source.Capabilities;
import dev.bulwark.audit.source.ContainerBuilder;
import dev.bulwark.audit.source.DockerOptions;
import dev.bulwark.audit.source.FileKind;
import dev.bulwark.audit.source.SourceFiles;
import dev.bulwark.audit.source.FileSubjectSource;
import dev.bulwark.audit.source.tree.Cursor;
import dev.bulwark.audit.source.tree.JsonDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * OCI runtime bundle configurations ({@code config.json} with an {@code ociVersion}, as {@code runc spec},
 * {@code crun spec} and {@code umoci unpack} write them; or {@code oci-runtime:PATH}), one
 * {@link Subject.Container} each. The runtime applies exactly what the file says, so an absence is
 * certain, not a default: no {@code linux.seccomp} is no filter ({@code unconfined}), no
 * {@code apparmorProfile} is {@code unconfined}, no {@code maskedPaths} masks nothing, and a namespace
 * type missing from {@code linux.namespaces} is the host's. The effective capabilities are what a root
 * process in the container can hold after exec: bounding, inheritable and ambient sets together; add and
 * drop are stated against Docker's default set so rules read them alike.
 */
public final class OciRuntimeSource extends FileSubjectSource {
  /** The namespace types of the runtime spec, which the model names alike. */
  private static final List<String> NAMESPACES = List.of("pid", "network", "ipc", "uts", "user", "cgroup", "mount");

  public OciRuntimeSource() {
    super(FileKind.OCI_RUNTIME);
  }

  @Override
  public List<Subject> loadFile(Path file) {
    Path bundle = file.toAbsolutePath().getParent();
    String name = bundle == null || bundle.getFileName() == null ? file.toString() : bundle.getFileName().toString();
    return List.of(read(SourceFiles.read(file), file.toString(), name));
  }

  /** One runtime config; {@code path} names it in evidence, {@code name} the container (its bundle). */
  public static Subject.Container read(byte[] json, String path, String name) {
    Cursor c = Cursor.root(path, JsonDocuments.read(json, path));
    if (!c.isMap() || !c.get("ociVersion").exists()) {
      throw c.error("not an OCI runtime configuration (no ociVersion)");
    }
    ContainerBuilder b = new ContainerBuilder(name, c.location());
    Cursor process = c.get("process");
    Cursor linux = c.get("linux");
    Cursor user = process.get("user");
    if (user.get("uid").exists()) {
      b.user(user.get("uid").integer().orElseThrow() + user.get("gid").integer().map(g -> ":" + g).orElse(""),
          user.get("uid").location());
    } else {
      user.get("username").text().ifPresent(u -> b.user(u, user.get("username").location()));
    }
    capabilities(b, process);
    b.noNewPrivileges(process.get("noNewPrivileges").bool().orElse(false), where(process, "noNewPrivileges"));
    b.apparmor(process.get("apparmorProfile").text().filter(p -> !p.isEmpty()).orElse("unconfined"),
        where(process, "apparmorProfile"));
    process.get("selinuxLabel").text().filter(l -> !l.isEmpty())
        .ifPresent(l -> DockerOptions.selinuxContext(l).forEach(o -> b.selinuxOption(o,
            process.get("selinuxLabel").location())));
    b.seccomp(seccomp(linux.get("seccomp")), where(linux, "seccomp"));
    Cursor readOnly = c.get("root").get("readonly");
    readOnly.bool().ifPresent(v -> b.readOnlyRootFilesystem(v, readOnly.location()));
    for (Cursor mount : c.get("mounts").items()) {
      b.mount(mount(mount), mount.location());
    }
    devices(b, linux);
    namespaces(b, linux);
    resources(b, process, linux.get("resources"));
    b.maskedPaths(linux.get("maskedPaths").strings(), where(linux, "maskedPaths"));
    b.readonlyPaths(linux.get("readonlyPaths").strings(), where(linux, "readonlyPaths"));
    linux.get("sysctl").entries().forEach((k, v) -> b.sysctl(k, v.textOr(""), v.location()));
    for (Cursor variable : process.get("env").items()) {
      String text = variable.textOr("");
      int equals = text.indexOf('=');
      b.env(equals < 0 ? new EnvVar(text, Optional.empty(), false)
          : new EnvVar(text.substring(0, equals), Optional.of(text.substring(equals + 1)), false), variable.location());
    }
    List<String> args = process.get("args").strings();
    if (!args.isEmpty()) {
      b.command(String.join(" ", args), process.get("args").location());
    }
    SubjectRef ref = new SubjectRef("oci-runtime", name, Optional.empty(), Optional.of(path), Optional.of(c.line()));
    return new Subject.Container(ref, b.build(), Optional.empty(), b.provenance());
  }

  private static void capabilities(ContainerBuilder b, Cursor process) {
    Cursor caps = process.get("capabilities");
    if (!caps.exists()) {
      // Without a capabilities object the runtime leaves the process every capability it started with.
      b.effectiveCapabilities(Capabilities.ALL, where(process, "capabilities"));
      b.capAdd(List.of("ALL"), where(process, "capabilities"));
      return;
    }
    Set<String> held = new LinkedHashSet<>();
    for (String set : List.of("bounding", "inheritable", "ambient")) {
      held.addAll(Capabilities.normalize(caps.get(set).strings()));
    }
    List<String> effective = Capabilities.ordered(held);
    List<String> add = new ArrayList<>();
    for (String cap : effective) {
      if (!Capabilities.RUNTIME_DEFAULT.contains(cap)) {
        add.add(cap);
      }
    }
    List<String> drop = new ArrayList<>();
    if (effective.isEmpty()) {
      drop.add("ALL");
    } else {
      for (String cap : Capabilities.RUNTIME_DEFAULT) {
        if (!effective.contains(cap)) {
          drop.add(cap);
        }
      }
    }
    Location at = caps.get("bounding").exists() ? caps.get("bounding").location() : caps.location();
    b.capAdd(add, at).capDrop(drop, at).effectiveCapabilities(effective, at);
  }

  /** No filter, or one allowing every call, is {@code unconfined}; any other is {@code custom}. */
  private static String seccomp(Cursor seccomp) {
    if (!seccomp.exists()) {
      return "unconfined";
    }
    boolean allowAll = seccomp.get("defaultAction").textOr("").equals("SCMP_ACT_ALLOW")
        && seccomp.get("syscalls").items().isEmpty();
    return allowAll ? "unconfined" : "custom";
  }

  private static Mount mount(Cursor mount) {
    List<String> options = mount.get("options").strings();
    String type = mount.get("type").textOr("none");
    if (options.contains("bind") || options.contains("rbind")) {
      type = "bind";
    }
    Optional<String> propagation = Optional.empty();
    for (String option : options) {
      if (Set.of("shared", "rshared", "slave", "rslave", "private", "rprivate").contains(option)) {
        propagation = Optional.of(option);
      }
    }
    return new Mount(type, mount.get("source").textOr(""), mount.get("destination").textOr(""), options.contains("ro"),
        propagation);
  }

  /**
   * Device nodes created in the container, and device cgroup rules that allow every device
   * ({@code allow: true} without type, major or minor), read as a device {@code *}.
   */
  private static void devices(ContainerBuilder b, Cursor linux) {
    for (Cursor device : linux.get("devices").items()) {
      String path = device.get("path").textOr("");
      b.device(new Device(path, path, "rwm"), device.location());
    }
    for (Cursor rule : linux.get("resources").get("devices").items()) {
      boolean allowAll = rule.get("allow").bool().orElse(false) && !rule.get("major").exists()
          && !rule.get("minor").exists() && rule.get("type").textOr("a").equals("a");
      if (allowAll) {
        b.device(new Device("*", "*", rule.get("access").textOr("rwm")), rule.location());
      }
    }
  }

  private static void namespaces(ContainerBuilder b, Cursor linux) {
    Cursor list = linux.get("namespaces");
    for (String kind : NAMESPACES) {
      Optional<Cursor> entry = list.items().stream().filter(n -> n.get("type").textOr("").equals(kind)).findFirst();
      if (entry.isEmpty()) {
        b.namespace(kind, "host", list.exists() ? list.location() : linux.location());
      } else {
        Optional<String> path = entry.orElseThrow().get("path").text().filter(p -> !p.isEmpty());
        b.namespace(kind, path.map(p -> "container:" + p).orElse("private"), entry.orElseThrow().location());
      }
    }
  }

  private static void resources(ContainerBuilder b, Cursor process, Cursor resources) {
    Cursor memory = resources.get("memory");
    memory.get("limit").integer().filter(v -> v > 0).ifPresent(v -> b.memoryBytes(v, memory.get("limit").location()));
    memory.get("swap").integer().filter(v -> v > 0).ifPresent(v -> b.memorySwapBytes(v, memory.get("swap").location()));
    Cursor cpu = resources.get("cpu");
    Optional<Long> quota = cpu.get("quota").integer().filter(q -> q > 0);
    long period = cpu.get("period").integer().filter(p -> p > 0).orElse(100_000L);
    quota.ifPresent(q -> b.cpus((double) q / period, cpu.get("quota").location()));
    cpu.get("shares").integer().filter(v -> v > 0).ifPresent(v -> b.cpuShares(v, cpu.get("shares").location()));
    Cursor pids = resources.get("pids").get("limit");
    pids.integer().filter(v -> v > 0).ifPresent(v -> b.pidsLimit(v, pids.location()));
    for (Cursor rlimit : process.get("rlimits").items()) {
      String type = rlimit.get("type").textOr("").toLowerCase(Locale.ROOT).replaceFirst("^rlimit_", "");
      b.ulimit(new Ulimit(type, rlimit.get("soft").integer().orElse(0L), rlimit.get("hard").integer().orElse(0L)),
          rlimit.location());
    }
  }

  /** The value's location, or its parent's when the value is absent (an absence that decides). */
  private static Location where(Cursor parent, String key) {
    return parent.get(key).exists() ? parent.get(key).location() : parent.location();
  }
}
