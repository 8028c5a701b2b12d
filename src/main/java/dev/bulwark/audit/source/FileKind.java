package dev.bulwark.audit.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of configuration file Bulwark audits, recognised by an explicit prefix
 * ({@code dockerfile:PATH}), by name ({@code Dockerfile}, {@code compose.yaml}) or by the first
 * bytes of a {@code .yaml}/{@code .yml}/{@code .json} file. Recognition is cheap: it reads at most
 * {@link #SNIFF_BYTES}.
 */
public enum FileKind {
  DOCKERFILE("dockerfile"),
  COMPOSE("compose"),
  KUBERNETES("kubernetes"),
  DOCKER_INSPECT("docker-inspect"),
  OCI_RUNTIME("oci-runtime");

  /** How much of a file is read to recognise it. */
  static final int SNIFF_BYTES = 64 * 1024;

  private final String prefix;

  FileKind(String prefix) {
    this.prefix = prefix;
  }

  /** The explicit target prefix, without the colon: {@code dockerfile}, {@code compose}, … */
  public String prefix() {
    return prefix;
  }

  /** The file {@code target} names if it is of this kind: {@code PREFIX:PATH}, or an existing file recognised. */
  public Optional<Path> file(String target) {
    if (target.startsWith(prefix + ":")) {
      String rest = target.substring(prefix.length() + 1);
      return rest.isEmpty() ? Optional.empty() : Optional.of(Path.of(rest));
    }
    for (FileKind kind : values()) {
      if (target.startsWith(kind.prefix + ":")) {
        return Optional.empty();
      }
    }
    Path path;
    try {
      path = Path.of(target);
    } catch (java.nio.file.InvalidPathException e) {
      return Optional.empty();
    }
    return Files.isRegularFile(path) && detect(path).orElse(null) == this ? Optional.of(path) : Optional.empty();
  }

  /** What kind of file {@code path} is, by name and then content; empty for anything else. */
  public static Optional<FileKind> detect(Path path) {
    Path fileName = path.getFileName();
    if (fileName == null) {
      return Optional.empty();
    }
    String name = fileName.toString().toLowerCase(Locale.ROOT);
    Optional<FileKind> byName = byName(name);
    if (byName.isPresent()) {
      return byName;
    }
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    boolean json = name.endsWith(".json");
    if (!yaml && !json) {
      return Optional.empty();
    }
    String head;
    try (InputStream in = Files.newInputStream(path)) {
      head = new String(in.readNBytes(SNIFF_BYTES), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty(); // unreadable files are reported when loaded, not when recognised
    }
    return json ? byJson(head) : byYaml(head);
  }

  static Optional<FileKind> byName(String lowerName) {
    if (lowerName.endsWith(".dockerignore")) {
      return Optional.empty();
    }
    if (lowerName.equals("dockerfile") || lowerName.equals("containerfile") || lowerName.startsWith("dockerfile.")
        || lowerName.startsWith("containerfile.") || lowerName.endsWith(".dockerfile")
        || lowerName.endsWith(".containerfile")) {
      return Optional.of(DOCKERFILE);
    }
    boolean yaml = lowerName.endsWith(".yaml") || lowerName.endsWith(".yml");
    if (yaml && (lowerName.startsWith("compose.") || lowerName.startsWith("docker-compose."))) {
      return Optional.of(COMPOSE);
    }
    return Optional.empty();
  }

  /**
   * Top-level keys decide: {@code apiVersion} and {@code kind} make a Kubernetes object, {@code services}
   * a compose file.
   */
  static Optional<FileKind> byYaml(String head) {
    boolean apiVersion = false;
    boolean kind = false;
    boolean services = false;
    String[] lines = head.split("\n");
    for (int i = 0; i < lines.length; i++) {
      apiVersion |= topLevelKey(lines[i], "apiVersion");
      kind |= topLevelKey(lines[i], "kind");
      services |= topLevelKey(lines[i], "services") && servicesMapping(lines, i);
    }
    if (apiVersion && kind) {
      return Optional.of(KUBERNETES);
    }
    return services ? Optional.of(COMPOSE) : Optional.empty();
  }

  /** Compose's services are a mapping: {@code {}} or indented keys follow (GitLab CI's are a list). */
  private static boolean servicesMapping(String[] lines, int at) {
    String rest = lines[at].substring(lines[at].indexOf(':') + 1).strip();
    if (!rest.isEmpty() && !rest.startsWith("#")) {
      return rest.startsWith("{");
    }
    for (int i = at + 1; i < lines.length; i++) {
      String line = lines[i].stripTrailing();
      String content = line.strip();
      if (content.isEmpty() || content.startsWith("#")) {
        continue;
      }
      return line.length() > content.length() && !content.startsWith("-");
    }
    return false;
  }

  private static boolean topLevelKey(String line, String key) {
    String text = line.startsWith("\"" + key + "\"") ? line.substring(key.length() + 2)
        : line.startsWith(key) ? line.substring(key.length()) : null;
    if (text == null) {
      return false;
    }
    text = text.stripLeading();
    return text.startsWith(":");
  }

  static Optional<FileKind> byJson(String head) {
    String text = head.stripLeading();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1).stripLeading();
    }
    if (text.startsWith("[") || text.startsWith("{") && text.contains("\"HostConfig\"")) {
      if (text.contains("\"Id\"") && (text.contains("\"HostConfig\"") || text.contains("\"RootFS\"")
          || text.contains("\"RepoTags\""))) {
        return Optional.of(DOCKER_INSPECT);
      }
      return Optional.empty();
    }
    if (text.startsWith("{")) {
      if (text.contains("\"ociVersion\"")) {
        return Optional.of(OCI_RUNTIME);
      }
      if (text.contains("\"apiVersion\"") && text.contains("\"kind\"")) {
        return Optional.of(KUBERNETES);
      }
    }
    return Optional.empty();
  }
}
