package dev.bulwark.image;

import dev.bulwark.UsageException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an image comes from, in the one syntax every command accepts:
 *
 * <pre>
 *   docker-archive:PATH      a `docker save` tar
 *   oci-archive:PATH         a tar of an OCI image layout
 *   oci:DIR[:TAG]            an OCI image layout directory
 *   dir:PATH                 an unpacked root filesystem
 *   docker:NAME              an image in the local Docker Engine (DOCKER_HOST honoured)
 *   registry:HOST/REPO:TAG   an image in a registry; also HOST/REPO[:TAG|@DIGEST] bare
 * </pre>
 */
public sealed interface ImageRef {
  /** How the reference reads back, for reports. */
  String display();

  record DockerArchive(Path path) implements ImageRef {
    public String display() {
      return "docker-archive:" + path;
    }
  }

  record OciArchive(Path path) implements ImageRef {
    public String display() {
      return "oci-archive:" + path;
    }
  }

  record OciLayout(Path dir, Optional<String> tag) implements ImageRef {
    public String display() {
      return "oci:" + dir + tag.map(t -> ":" + t).orElse("");
    }
  }

  record Directory(Path path) implements ImageRef {
    public String display() {
      return "dir:" + path;
    }
  }

  record DockerDaemon(String name) implements ImageRef {
    public String display() {
      return "docker:" + name;
    }
  }

  record Registry(RegistryReference reference) implements ImageRef {
    public String display() {
      return reference.toString();
    }
  }

  static ImageRef parse(String text) {
    if (text.isBlank()) {
      throw new UsageException("empty image reference");
    }
    int colon = text.indexOf(':');
    String transport = colon > 0 ? text.substring(0, colon) : "";
    String rest = colon > 0 ? text.substring(colon + 1) : text;
    return switch (transport) {
      case "docker-archive" -> new DockerArchive(path(rest, text));
      case "oci-archive" -> new OciArchive(path(rest, text));
      case "dir" -> new Directory(path(rest, text));
      case "oci" -> ociLayout(rest, text);
      case "docker", "docker-daemon" -> {
        if (rest.startsWith("//")) { // skopeo's docker://HOST/REPO names a registry
          yield new Registry(RegistryReference.parse(rest.substring(2)));
        }
        if (rest.isEmpty()) {
          throw new UsageException("'" + text + "' names no image");
        }
        yield new DockerDaemon(rest);
      }
      case "registry" -> new Registry(RegistryReference.parse(rest));
      default -> new Registry(RegistryReference.parse(text));
    };
  }

  private static OciLayout ociLayout(String rest, String text) {
    int colon = rest.lastIndexOf(':');
    if (colon > 0 && rest.indexOf('/', colon) < 0) {
      return new OciLayout(path(rest.substring(0, colon), text), Optional.of(rest.substring(colon + 1)));
    }
    return new OciLayout(path(rest, text), Optional.empty());
  }

  private static Path path(String path, String text) {
    if (path.isEmpty()) {
      throw new UsageException("'" + text + "' names no path");
    }
    return Path.of(path);
  }
}
