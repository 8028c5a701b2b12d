package dev.bulwark.audit.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.KernelView;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.model.SubjectRef;
import dev.bulwark.audit.source.AuditContext;
import dev.bulwark.audit.source.ContainerBuilder;
import dev.bulwark.audit.source.SubjectSource;
import dev.bulwark.audit.source.dockerinspect.DockerInspectMapper;
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

  public DockerEngineSource() {
    this(context -> Engine.of(DockerHost.fromEnvironment(context.environment())));
  }

  DockerEngineSource(Function<AuditContext, Engine> engines) {
    this.engines = engines;
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

  /**
   * One container: the Engine's claims read by the same mapping as saved {@code docker inspect}
   * output (provenance: API field paths), then what the kernel enforces, which also gives the uid
   * and gid the process really has.
   */
  private static Subject.Container container(JsonNode inspect, Optional<KernelReader> kernel,
      Optional<List<String>> hostBounding, boolean userns, boolean daemonSeccomp) {
    String id = inspect.path("Id").asText("");
    String name = inspect.path("Name").asText(id).replaceFirst("^/", "");
    Subject.Container api = DockerInspectMapper.container(inspect, "docker inspect " + name);
    ContainerBuilder b = ContainerBuilder.from(api.settings(), api.provenance());
    // Without --userns-remap a container shares the host's user namespace unless told otherwise.
    if (inspect.path("HostConfig").path("UsernsMode").asText("").isEmpty()) {
      b.namespaceDefault("user", userns ? "private" : "host");
    }
    ContainerSettings claims = b.build();
    int pid = inspect.path("State").path("Pid").asInt(0);
    boolean running = inspect.path("State").path("Running").asBoolean(false);
    Optional<KernelReader.Reading> reading = running && kernel.isPresent()
        ? kernel.orElseThrow().read(pid, id) : Optional.empty();
    if (reading.isPresent()) {
      KernelReader.Reading r = reading.orElseThrow();
      KernelView v = r.view();
      List<String> discrepancies = Discrepancies.of(claims, v, r.uid(), hostBounding, daemonSeccomp);
      String proc = "/proc/" + pid;
      b.kernel(new KernelView(v.pid(), v.capEffective(), v.capBounding(), v.noNewPrivs(), v.seccompMode(),
          v.sharedWithHost(), v.uidMap(), v.userNamespace(), v.lsmLabel(), v.mounts(), v.memoryLimitBytes(),
          v.pidsLimit(), v.cpuLimit(), discrepancies), Location.field(proc, ""));
      r.uid().ifPresent(uid -> b.uid(uid, Location.field(proc + "/status", "Uid")));
      r.gid().ifPresent(gid -> b.gid(gid, Location.field(proc + "/status", "Gid")));
      citeKernel(b, proc, kernel.orElseThrow().host().source());
    }
    return new Subject.Container(api.ref(), b.build(), Optional.empty(), b.provenance());
  }

  private static void citeKernel(ContainerBuilder b, String proc, String hostNamespaces) {
    b.cite("kernel.capEffective", Location.field(proc + "/status", "CapEff"));
    b.cite("kernel.capBounding", Location.field(proc + "/status", "CapBnd"));
    b.cite("kernel.noNewPrivs", Location.field(proc + "/status", "NoNewPrivs"));
    b.cite("kernel.seccompMode", Location.field(proc + "/status", "Seccomp"));
    b.cite("kernel.sharedWithHost", Location.field(proc + "/ns", "compared with " + hostNamespaces));
    b.cite("kernel.uidMap", Location.field(proc + "/uid_map", ""));
    b.cite("kernel.userNamespace", Location.field(proc + "/ns/user", ""));
    b.cite("kernel.lsmLabel", Location.field(proc + "/attr", "current"));
    b.cite("kernel.mounts", Location.field(proc + "/mountinfo", ""));
    b.cite("kernel.memoryLimitBytes", Location.field(proc + "/cgroup", "memory"));
    b.cite("kernel.pidsLimit", Location.field(proc + "/cgroup", "pids"));
    b.cite("kernel.cpuLimit", Location.field(proc + "/cgroup", "cpu"));
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
}
