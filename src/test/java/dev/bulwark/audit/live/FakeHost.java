package dev.bulwark.audit.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.InputException;
import dev.bulwark.image.docker.DockerHost;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A host tree (/proc, /sys/fs/cgroup, /etc, the Debian changelogs of docker.io, containerd and
 * runc) and an Engine answering from files, laid out from a
 * fixture captured on a real machine (src/test/resources/audit/live/engine-v1: a dockerd 20.10 on
 * cgroup v1, its /info and /version, and per container its inspect answer and /proc files).
 * Namespace links are made as the kernel shows them ({@code pid:[4026531836]}).
 */
public final class FakeHost {
  static final Path FIXTURE = Path.of("src/test/resources/audit/live/engine-v1");
  /** The socket the captured dockerd listened on. */
  static final DockerHost SOCKET = new DockerHost.Unix(Path.of("/tmp/blm/docker.sock"));

  final Path root;
  final Map<String, JsonNode> inspects = new LinkedHashMap<>();

  private FakeHost(Path root) {
    this.root = root;
  }

  /**
   * Everything {@code docker:} reads from the fixture laid out in {@code root}: the daemon, the host
   * and every container, each with its kernel view.
   */
  public static List<dev.bulwark.audit.model.Subject> subjects(Path root) throws IOException {
    return fromFixture(root).load("docker:");
  }

  /** What the live source reads for {@code target} ({@code docker:}, {@code docker:NAME}) from this host. */
  List<dev.bulwark.audit.model.Subject> load(String target) {
    return new DockerEngineSource(c -> engine()).load(target, new dev.bulwark.audit.source.AuditContext(Map.of(),
        dev.bulwark.image.SourceOptions.defaults(Map.of()), root));
  }

  /** Lays out the fixture's host and every container in {@code root}. */
  static FakeHost fromFixture(Path root) throws IOException {
    FakeHost host = new FakeHost(root);
    host.process(1, FIXTURE.resolve("host"));
    Files.writeString(host.mkdirs("proc/1").resolve("mountinfo"),
        Files.readString(FIXTURE.resolve("host/mountinfo")));
    try (Stream<Path> dirs = Files.list(FIXTURE)) {
      for (Path dir : dirs.sorted().toList()) {
        if (Files.isRegularFile(dir.resolve("inspect.json"))) {
          host.container(dir);
        }
      }
    }
    for (String pkg : List.of("runc", "containerd", "docker.io")) {
      Files.copy(FIXTURE.resolve("doc/" + pkg + "/changelog.Debian.gz"),
          host.mkdirs("usr/share/doc/" + pkg).resolve("changelog.Debian.gz"));
    }
    host.process(28434, FIXTURE.resolve("dockerd"));
    Path dockerd = host.mkdirs("proc/28434");
    Files.writeString(dockerd.resolve("comm"), "dockerd\n");
    Files.copy(FIXTURE.resolve("dockerd.cmdline"), dockerd.resolve("cmdline"));
    return host;
  }

  /** A container's /proc files under its pid, and its cgroup limits under its v1 hierarchies. */
  private void container(Path dir) throws IOException {
    JsonNode inspect = Json.mapper().readTree(dir.resolve("inspect.json").toFile());
    inspects.put(inspect.path("Id").asText(), inspect);
    inspects.put(inspect.path("Name").asText().substring(1), inspect);
    int pid = inspect.path("State").path("Pid").asInt();
    process(pid, dir);
    String id = inspect.path("Id").asText();
    try (Stream<Path> files = Files.walk(dir.resolve("cg"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path relative = dir.resolve("cg").relativize(file);
        Path target = mkdirs("sys/fs/cgroup/" + relative.getParent() + "/docker/" + id)
            .resolve(relative.getFileName().toString());
        Files.copy(file, target);
        // the hierarchy's root shows no limit, as on the real machine
        Path top = root.resolve("sys/fs/cgroup/" + relative.getParent()).resolve(relative.getFileName().toString());
        if (!Files.exists(top)) {
          Files.writeString(top, unlimited(relative.getFileName().toString()));
        }
      }
    }
  }

  private static String unlimited(String file) {
    return switch (file) {
      case "memory.limit_in_bytes" -> "9223372036854771712\n";
      case "cpu.cfs_quota_us" -> "-1\n";
      case "cpu.cfs_period_us" -> "100000\n";
      default -> "max\n";
    };
  }

  /** status, cgroup, uid_map, mountinfo and ns links of one process from a fixture directory. */
  void process(int pid, Path dir) throws IOException {
    Path proc = mkdirs("proc/" + pid);
    for (String file : List.of("status", "cgroup", "uid_map", "mountinfo")) {
      if (Files.exists(dir.resolve(file))) {
        Files.copy(dir.resolve(file), proc.resolve(file));
      }
    }
    Path ns = mkdirs("proc/" + pid + "/ns");
    for (String line : Files.readAllLines(dir.resolve("ns.txt"), StandardCharsets.UTF_8)) {
      String[] parts = line.split(" ", 2);
      Files.createSymbolicLink(ns.resolve(parts[0]), Path.of(parts[1]));
    }
  }

  Path mkdirs(String relative) throws IOException {
    return Files.createDirectories(root.resolve(relative));
  }

  Path write(String relative, String text) {
    return new Writer(root).write(relative, text);
  }

  /** Writes files under a root. */
  record Writer(Path root) {
    Path write(String relative, String text) {
      try {
        Path path = root.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8);
        return path;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** An Engine answering from the fixture. */
  Engine engine() {
    return new Engine() {
      @Override
      public DockerHost host() {
        return SOCKET;
      }

      @Override
      public JsonNode containers() {
        return read("list.json");
      }

      @Override
      public JsonNode inspect(String container) {
        JsonNode inspect = inspects.get(container);
        if (inspect == null) {
          throw new InputException("no such container: " + container);
        }
        return inspect;
      }

      @Override
      public JsonNode info() {
        return read("info.json");
      }

      @Override
      public JsonNode version() {
        return read("version.json");
      }
    };
  }

  static JsonNode read(String name) {
    try {
      return Json.mapper().readTree(FIXTURE.resolve(name).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture's container directory names. */
  static List<String> containerNames() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(FIXTURE)) {
      dirs.filter(d -> Files.isRegularFile(d.resolve("inspect.json"))).sorted()
          .forEach(d -> names.add(d.getFileName().toString()));
    }
    return names;
  }
}
