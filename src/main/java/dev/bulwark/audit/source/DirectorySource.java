package dev.bulwark.audit.source;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.compose.ComposeSource;
import dev.bulwark.audit.source.dockerfile.DockerfileSource;
import dev.bulwark.audit.source.dockerinspect.DockerInspectSource;
import dev.bulwark.audit.source.kubernetes.KubernetesSource;
import dev.bulwark.audit.source.oci.OciRuntimeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A directory: every file some file source recognises ({@link FileKind}), in sorted path order.
 * Version control and dependency trees ({@code .git}, {@code node_modules}, {@code vendor}) are
 * skipped, as are a Helm chart's {@code templates} and {@code charts} (Go templates are not YAML until
 * rendered). Links are not followed. The walk is bounded in entries, loaded files and depth.
 */
public final class DirectorySource implements SubjectSource {
  /** Directory entries looked at. */
  static final int MAX_ENTRIES = 200_000;
  /** Files loaded. */
  static final int MAX_FILES = 10_000;
  /** Directory nesting. */
  static final int MAX_DEPTH = 64;

  private static final Set<String> SKIPPED = Set.of(".git", ".hg", ".svn", "node_modules", "vendor");

  private final DockerfileSource dockerfiles = new DockerfileSource();
  private final ComposeSource compose = new ComposeSource();
  private final KubernetesSource kubernetes = new KubernetesSource();
  private final DockerInspectSource inspect = new DockerInspectSource();
  private final OciRuntimeSource oci = new OciRuntimeSource();

  @Override
  public String kind() {
    return "directory";
  }

  @Override
  public boolean accepts(String target, AuditContext context) {
    try {
      return Files.isDirectory(Path.of(target));
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  @Override
  public List<Subject> load(String target, AuditContext context) {
    List<Path> files = new ArrayList<>();
    walk(Path.of(target), 0, new int[] {0}, files);
    List<Subject> result = new ArrayList<>();
    for (Path file : files) {
      result.addAll(loadFile(file));
    }
    return result;
  }

  /** The subjects of one file of a recognised kind; none for any other file. */
  public List<Subject> loadFile(Path file) {
    Optional<FileKind> kind = FileKind.detect(file);
    if (kind.isEmpty()) {
      return List.of();
    }
    return switch (kind.orElseThrow()) {
      case DOCKERFILE -> dockerfiles.loadFile(file);
      case COMPOSE -> compose.loadFile(file);
      case KUBERNETES -> kubernetes.loadFile(file);
      case DOCKER_INSPECT -> inspect.loadFile(file);
      case OCI_RUNTIME -> oci.loadFile(file);
    };
  }

  private void walk(Path directory, int depth, int[] entries, List<Path> files) {
    if (depth > MAX_DEPTH) {
      throw new LimitExceededException(directory.toString(), "directory depth", MAX_DEPTH);
    }
    List<Path> children;
    try (Stream<Path> list = Files.list(directory)) {
      children = list.sorted().toList();
    } catch (IOException e) {
      throw new InputException(directory + ": cannot list: " + e.getMessage(), e);
    }
    boolean chart = children.stream().anyMatch(p -> p.getFileName().toString().equals("Chart.yaml"));
    for (Path child : children) {
      if (++entries[0] > MAX_ENTRIES) {
        throw new LimitExceededException(directory.toString(), "directory entries", MAX_ENTRIES);
      }
      String name = child.getFileName().toString();
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        boolean helm = chart && (name.equals("templates") || name.equals("charts"));
        if (!SKIPPED.contains(name) && !helm) {
          walk(child, depth + 1, entries, files);
        }
      } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS) && FileKind.detect(child).isPresent()) {
        if (files.size() >= MAX_FILES) {
          throw new LimitExceededException(directory.toString(), "files to audit", MAX_FILES);
        }
        files.add(child);
      }
    }
  }
}
