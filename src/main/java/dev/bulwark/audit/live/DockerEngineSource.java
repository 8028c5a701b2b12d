package dev.bulwark.audit.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.KernelView;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Provenance;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.model.SubjectRef;
import dev.bulwark.audit.source.AuditContext;
import dev.bulwark.audit.source.SubjectSource;
import dev.bulwark.image.docker.DockerHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A live Docker Engine, the one {@code DOCKER_HOST} names. {@code docker:} audits the daemon, the
 * host under it and every running container; {@code docker:NAME} one container (by name or id)
 * alone. Each container is read twice: what the Engine API says (inspect), and what the kernel
 * enforces for its init process (/proc, cgroups), with the differences listed in its
 * {@link KernelView}. The host's files are read under {@link AuditContext#hostRoot()}; an Engine
 * reached over TCP on another machine gets no kernel view and no host subject.
 */
public final class DockerEngineSource implements SubjectSource {
  static final String PREFIX = "docker:";
  /** A host runs thousands of containers at most. */
  static final int MAX_CONTAINERS = 10_000;
  private static final Pattern CONTAINER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,254}");

  private final Function<AuditContext, Engine> engines;
  private final InspectMapping mapping;

  public DockerEngineSource() {
    this(context -> Engine.of(DockerHost.fromEnvironment(context.environment())), new EngineInspectMapping());
  }

  DockerEngineSource(Function<AuditContext, Engine> engines, InspectMapping mapping) {
    this.engines = engines;
    this.mapping = mapping;
  }

  @Override
  public String kind() {
    return "docker-engine";
  }

  /** {@code docker:} or {@code docker:NAME} with a container's name or id (no tag, no slash). */
  @Override
  public boolean accepts(String target, AuditContext context) {
    if (!target.startsWith(PREFIX)) {
      return false;
    }
    String rest = target.substring(PREFIX.length());
    return rest.isEmpty() || CONTAINER.matcher(rest).matches();
  }

  @Override
  public List<Subject> load(String target, AuditContext context) {
    String name = target.substring(PREFIX.length());
    Engine engine = engines.apply(context);
    HostFs fs = new HostFs(context.hostRoot());
    boolean local = isLocal(engine.host());
    JsonNode info = engine.info();
    Optional<DockerdCommandLine> dockerd = local ? DockerdCommandLine.find(fs, engine.host(),
        Optional.ofNullable(info.path("DockerRootDir").asText(null))) : Optional.empty();
    List<Subject> subjects = new ArrayList<>();
    if (name.isEmpty()) {
      JsonNode version = engine.version();
      DaemonReader.Result daemon = DaemonReader.read(local ? Optional.of(fs) : Optional.empty(), dockerd, info,
          version, Location.field("docker info", ""));
      SubjectRef daemonRef = new SubjectRef("daemon", engine.host().display(), Optional.ofNullable(
          info.path("ID").asText(null)), Optional.empty(), Optional.empty());
      subjects.add(new Subject.Daemon(daemonRef, daemon.settings(), daemon.provenance()));
      if (local) {
        HostReader.Result host = new HostReader(fs).read(info, daemon.settings().other(), sockets(engine.host()),
            Location.field("host", ""));
        subjects.add(new Subject.Host(new SubjectRef("host", host.settings().hostname(), Optional.empty(),
            Optional.empty(), Optional.empty()), host.settings(), host.provenance()));
      }
    }
    boolean userns = info.path("SecurityOptions").toString().contains("name=userns");
    boolean daemonSeccomp = info.path("SecurityOptions").toString().contains("name=seccomp");
    List<Integer> references = new ArrayList<>(List.of(1));
    dockerd.ifPresent(d -> references.add(d.pid()));
    KernelReader kernel = new KernelReader(fs, references);
    Optional<List<String>> hostBounding = local ? kernel.hostBoundingSet() : Optional.empty();
    List<Subject.Container> containers = new ArrayList<>();
    for (String id : name.isEmpty() ? runningIds(engine) : List.of(name)) {
      containers.add(container(engine.inspect(id), local ? Optional.of(kernel) : Optional.empty(), hostBounding,
          userns, daemonSeccomp));
    }
    containers.sort(Comparator.comparing(c -> c.ref().name()));
    subjects.addAll(containers);
    return subjects;
  }

  private Subject.Container container(JsonNode inspect, Optional<KernelReader> kernel,
      Optional<List<String>> hostBounding, boolean userns, boolean daemonSeccomp) {
    String id = inspect.path("Id").asText("");
    String name = inspect.path("Name").asText(id).replaceFirst("^/", "");
    String source = "docker inspect " + name;
    Provenance.Builder provenance = new Provenance.Builder(Location.field(source, ""));
    ContainerSettings api = mapping.map(inspect, source, provenance);
    // Without --userns-remap a container shares the host's user namespace unless told otherwise.
    String usernsMode = inspect.path("HostConfig").path("UsernsMode").asText("");
    if (usernsMode.isEmpty()) {
      ContainerSettings.Namespaces ns = api.namespaces();
      api = withNamespaces(api, new ContainerSettings.Namespaces(ns.pid(), ns.network(), ns.ipc(), ns.uts(),
          userns ? "private" : "host", ns.cgroup()));
    }
    int pid = inspect.path("State").path("Pid").asInt(0);
    boolean running = inspect.path("State").path("Running").asBoolean(false);
    Optional<KernelReader.Reading> reading = running && kernel.isPresent()
        ? kernel.orElseThrow().read(pid, id) : Optional.empty();
    ContainerSettings settings = api;
    if (reading.isPresent()) {
      KernelReader.Reading r = reading.orElseThrow();
      List<String> discrepancies = Discrepancies.of(api, r.view(), r.uid(), hostBounding, daemonSeccomp);
      KernelView v = r.view();
      KernelView view = new KernelView(v.pid(), v.capEffective(), v.capBounding(), v.noNewPrivs(), v.seccompMode(),
          v.sharedWithHost(), v.uidMap(), v.userNamespace(), v.lsmLabel(), v.mounts(), v.memoryLimitBytes(),
          v.pidsLimit(), v.cpuLimit(), discrepancies);
      settings = withKernel(api, view, r.uid().or(api::uid), r.gid().or(api::gid));
      recordKernel(provenance, pid, r, kernel.orElseThrow().host().source());
    }
    SubjectRef ref = new SubjectRef("docker-container", name, Optional.of(id), Optional.empty(), Optional.empty());
    return new Subject.Container(ref, settings, Optional.empty(), provenance.build());
  }

  private static void recordKernel(Provenance.Builder provenance, int pid, KernelReader.Reading r, String hostNs) {
    String proc = "/proc/" + pid;
    provenance.put("kernel", Location.field(proc, ""));
    provenance.put("kernel.capEffective", Location.field(proc + "/status", "CapEff"));
    provenance.put("kernel.capBounding", Location.field(proc + "/status", "CapBnd"));
    provenance.put("kernel.noNewPrivs", Location.field(proc + "/status", "NoNewPrivs"));
    provenance.put("kernel.seccompMode", Location.field(proc + "/status", "Seccomp"));
    provenance.put("kernel.sharedWithHost", Location.field(proc + "/ns", "compared with " + hostNs));
    provenance.put("kernel.uidMap", Location.field(proc + "/uid_map", ""));
    provenance.put("kernel.userNamespace", Location.field(proc + "/ns/user", ""));
    provenance.put("kernel.lsmLabel", Location.field(proc + "/attr", "current"));
    provenance.put("kernel.mounts", Location.field(proc + "/mountinfo", ""));
    provenance.put("kernel.memoryLimitBytes", Location.field(proc + "/cgroup", "memory"));
    provenance.put("kernel.pidsLimit", Location.field(proc + "/cgroup", "pids"));
    provenance.put("kernel.cpuLimit", Location.field(proc + "/cgroup", "cpu"));
    if (r.uid().isPresent()) {
      provenance.put("uid", Location.field(proc + "/status", "Uid"));
    }
    if (r.gid().isPresent()) {
      provenance.put("gid", Location.field(proc + "/status", "Gid"));
    }
  }

  /** The ids of the running containers, as listed. */
  private static List<String> runningIds(Engine engine) {
    JsonNode list = engine.containers();
    if (!list.isArray()) {
      throw new InputException("the Docker Engine at " + engine.host().display()
          + ": the container list is not an array");
    }
    if (list.size() > MAX_CONTAINERS) {
      throw new LimitExceededException("the Docker Engine's container list", "count", MAX_CONTAINERS);
    }
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode c : list) {
      String id = c.path("Id").asText("");
      if (!CONTAINER.matcher(id).matches()) {
        throw new InputException("the Docker Engine at " + engine.host().display() + ": malformed container id '"
            + id + "'");
      }
      ids.add(id);
    }
    return List.copyOf(ids);
  }

  /** The sockets whose files the host audit stats: the default and the one in use. */
  private static List<String> sockets(DockerHost host) {
    Set<String> sockets = new LinkedHashSet<>();
    sockets.add(DockerHost.DEFAULT_SOCKET.toString());
    if (host instanceof DockerHost.Unix unix) {
      sockets.add(unix.socket().toString());
    }
    return List.copyOf(sockets);
  }

  /** A unix socket is on this machine; so is TCP to the loopback interface. */
  static boolean isLocal(DockerHost host) {
    return switch (host) {
      case DockerHost.Unix unix -> true;
      case DockerHost.Tcp tcp -> tcp.host().equals("localhost") || tcp.host().startsWith("127.")
          || tcp.host().equals("::1");
    };
  }

  private static ContainerSettings withNamespaces(ContainerSettings c, ContainerSettings.Namespaces namespaces) {
    return new ContainerSettings(c.name(), c.image(), c.imageDigest(), c.user(), c.uid(), c.gid(), c.privileged(),
        c.capabilities(), c.seccomp(), c.apparmor(), c.selinuxOptions(), c.noNewPrivileges(), c.runAsNonRoot(),
        c.readOnlyRootFilesystem(), c.mounts(), c.devices(), namespaces, c.resources(), c.maskedPaths(),
        c.readonlyPaths(), c.procMount(), c.sysctls(), c.env(), c.ports(), c.healthcheck(), c.restartPolicy(),
        c.runtime(), c.logDriver(), c.command(), c.kernel());
  }

  private static ContainerSettings withKernel(ContainerSettings c, KernelView kernel, Optional<Long> uid,
      Optional<Long> gid) {
    return new ContainerSettings(c.name(), c.image(), c.imageDigest(), c.user(), uid, gid, c.privileged(),
        c.capabilities(), c.seccomp(), c.apparmor(), c.selinuxOptions(), c.noNewPrivileges(), c.runAsNonRoot(),
        c.readOnlyRootFilesystem(), c.mounts(), c.devices(), c.namespaces(), c.resources(), c.maskedPaths(),
        c.readonlyPaths(), c.procMount(), c.sysctls(), c.env(), c.ports(), c.healthcheck(), c.restartPolicy(),
        c.runtime(), c.logDriver(), c.command(), Optional.of(kernel));
  }
}
