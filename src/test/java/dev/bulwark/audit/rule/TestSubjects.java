package dev.bulwark.audit.rule;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.bulwark.audit.model.BuildFile;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.DaemonSettings;
import dev.bulwark.audit.model.HostSettings;
import dev.bulwark.audit.model.ImageSettings;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.PodSettings;
import dev.bulwark.audit.model.Provenance;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.model.SubjectRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds model subjects for tests from a few overridden fields: every other field takes the value
 * an adapter gives when the source says nothing (empty lists, absent optionals, private namespaces,
 * Docker's default capability set). Dockerfiles are read by a minimal parser good for test inputs.
 */
public final class TestSubjects {
  static final List<String> DOCKER_DEFAULT_CAPS = List.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
      "KILL", "MKNOD", "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
  private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new Jdk8Module())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private TestSubjects() {}

  public static ContainerSettings container(Map<String, ?> overrides) {
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("name", "app");
    base.put("capabilities", Map.of("add", List.of(), "drop", List.of(), "effective", DOCKER_DEFAULT_CAPS));
    base.put("selinuxOptions", List.of());
    base.put("mounts", List.of());
    base.put("devices", List.of());
    base.put("namespaces", Map.of("pid", "private", "network", "private", "ipc", "private", "uts", "private", "user",
        "private", "cgroup", "private", "mount", "private"));
    base.put("resources", Map.of("ulimits", List.of()));
    base.put("sysctls", Map.of());
    base.put("env", List.of());
    base.put("ports", List.of());
    return convert(merge(base, overrides), ContainerSettings.class);
  }

  public static PodSettings pod(Map<String, ?> overrides) {
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("kind", "Pod");
    base.put("name", "web");
    base.put("namespace", "default");
    base.put("volumes", List.of());
    base.put("sysctls", Map.of());
    base.put("selinuxOptions", List.of());
    base.put("supplementalGroups", List.of());
    base.put("containers", List.of("app"));
    return convert(merge(base, overrides), PodSettings.class);
  }

  public static ImageSettings image(Map<String, ?> overrides) {
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("name", "example/app:1.0");
    base.put("exposedPorts", List.of());
    base.put("env", List.of());
    base.put("labels", Map.of());
    base.put("history", List.of());
    base.put("packages", List.of());
    base.put("setuidFiles", List.of());
    return convert(merge(base, overrides), ImageSettings.class);
  }

  public static DaemonSettings daemon(Map<String, ?> overrides) {
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("hosts", List.of("unix:///var/run/docker.sock"));
    base.put("backportedCves", List.of());
    base.put("insecureRegistries", List.of());
    base.put("defaultUlimits", List.of());
    base.put("authorizationPlugins", List.of());
    base.put("securityOptions", List.of());
    base.put("other", Map.of());
    return convert(merge(base, overrides), DaemonSettings.class);
  }

  public static HostSettings host(Map<String, ?> overrides) {
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("hostname", "node1");
    base.put("files", List.of());
    base.put("dockerGroupMembers", List.of());
    base.put("auditedPaths", List.of());
    return convert(merge(base, overrides), HostSettings.class);
  }

  public static Subject.Container containerSubject(String name, ContainerSettings settings, Optional<PodSettings> pod) {
    SubjectRef ref = new SubjectRef(pod.isPresent() ? "kubernetes" : "compose-service", name, Optional.empty(),
        Optional.of("compose.yaml"), Optional.of(1));
    return new Subject.Container(ref, settings, pod, Provenance.of(Location.line("compose.yaml", 1, name)));
  }

  public static Subject subject(String kind, Object settings) {
    Location here = Location.field(kind + "-source", "");
    return switch (settings) {
      case PodSettings p -> new Subject.Pod(new SubjectRef("kubernetes", "Pod/default/" + p.name(), Optional.empty(),
          Optional.of("pod.yaml"), Optional.of(1)), p, Provenance.of(Location.line("pod.yaml", 1, "Pod")));
      case BuildFile b -> new Subject.Build(new SubjectRef("dockerfile", b.path(), Optional.empty(), Optional.of(b.path()),
          Optional.empty()), b, Provenance.of(Location.field(b.path(), "")));
      case ImageSettings i -> new Subject.Image(new SubjectRef("image", i.name(), Optional.empty(), Optional.empty(),
          Optional.empty()), i, Provenance.of(here));
      case DaemonSettings d -> new Subject.Daemon(new SubjectRef("daemon", "dockerd", Optional.empty(), Optional.empty(),
          Optional.empty()), d, Provenance.of(here));
      case HostSettings h -> new Subject.Host(new SubjectRef("host", h.hostname(), Optional.empty(), Optional.empty(),
          Optional.empty()), h, Provenance.of(here));
      default -> throw new IllegalArgumentException("no subject for " + settings);
    };
  }

  /** A Dockerfile read the simple way: one instruction per logical line, words split on blanks. */
  public static BuildFile dockerfile(String path, String text) {
    List<BuildFile.Stage> stages = new ArrayList<>();
    List<BuildFile.Instruction> instructions = new ArrayList<>();
    String from = null;
    Optional<String> name = Optional.empty();
    Optional<String> user = Optional.empty();
    int fromLine = 0;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int start = i + 1;
      StringBuilder logical = new StringBuilder(lines[i]);
      while (logical.toString().stripTrailing().endsWith("\\") && i + 1 < lines.length) {
        String s = logical.toString().stripTrailing();
        logical = new StringBuilder(s.substring(0, s.length() - 1)).append(' ').append(lines[++i].strip());
      }
      String line = logical.toString().strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      String keyword = parts[0].toUpperCase(java.util.Locale.ROOT);
      String arguments = parts.length > 1 ? parts[1].strip() : "";
      Map<String, String> flags = new LinkedHashMap<>();
      List<String> words = new ArrayList<>();
      boolean exec = arguments.startsWith("[");
      if (exec) {
        for (String w : arguments.replaceAll("^\\[|]$", "").split(",")) {
          words.add(w.strip().replaceAll("^\"|\"$", ""));
        }
      } else {
        for (String w : arguments.split("\\s+")) {
          if (w.isEmpty()) {
            continue;
          }
          if (w.startsWith("--") && !keyword.equals("RUN") && words.isEmpty()) {
            String[] kv = w.substring(2).split("=", 2);
            flags.put(kv[0], kv.length > 1 ? kv[1] : "");
          } else {
            words.add(w);
          }
        }
      }
      if (keyword.equals("FROM")) {
        if (from != null) {
          stages.add(new BuildFile.Stage(stages.size(), name, from, fromLine, instructions, user));
        }
        from = words.getFirst();
        name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? Optional.of(words.get(2)) : Optional.empty();
        user = Optional.empty();
        fromLine = start;
        instructions = new ArrayList<>();
        continue;
      }
      if (keyword.equals("USER")) {
        user = Optional.of(arguments);
      }
      instructions.add(new BuildFile.Instruction(keyword, arguments, start, flags, exec, words));
    }
    stages.add(new BuildFile.Stage(stages.size(), name, from == null ? "scratch" : from, fromLine, instructions, user));
    return new BuildFile(path, stages, Map.of());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, ?> overrides) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    overrides.forEach((key, value) -> {
      if (value instanceof Map<?, ?> m && merged.get(key) instanceof Map<?, ?> b) {
        merged.put(key, merge((Map<String, Object>) b, (Map<String, ?>) m));
      } else {
        merged.put(key, value);
      }
    });
    return merged;
  }

  private static <T> T convert(Map<String, Object> fields, Class<T> type) {
    return MAPPER.convertValue(fields, type);
  }
}
