package dev.bulwark.layer;

import java.util.Optional;

/**
 * Normalizes the names written in layer tars into absolute image paths, refusing the ones that
 * could reach outside the image: absolute names, {@code ..} components, NUL bytes, overlong names.
 */
public final class EntryPaths {
  private EntryPaths() {}

  /** The outcome of checking one name: a path, or why it was refused. */
  public sealed interface Checked {}

  public record Accepted(String path) implements Checked {}

  public record Refused(String reason) implements Checked {}

  /**
   * Checks a name from an archive. {@code ./a//b/} becomes {@code /a/b}; {@code .} and {@code ./}
   * become {@code /}.
   */
  public static Checked check(String name, int maxBytes) {
    if (name.isEmpty()) {
      return new Refused("empty name");
    }
    if (name.length() > maxBytes) {
      return new Refused("name longer than " + maxBytes + " bytes");
    }
    if (name.indexOf('\0') >= 0) {
      return new Refused("name contains a NUL byte");
    }
    if (name.startsWith("/")) {
      if (name.chars().allMatch(c -> c == '/' || c == '.') && !name.contains("..")) {
        return new Accepted("/"); // some tools (umoci) write the root itself as "/"
      }
      return new Refused("absolute name");
    }
    StringBuilder path = new StringBuilder(name.length() + 1);
    for (String component : name.split("/")) {
      if (component.isEmpty() || component.equals(".")) {
        continue;
      }
      if (component.equals("..")) {
        return new Refused("name contains '..'");
      }
      path.append('/').append(component);
    }
    return new Accepted(path.isEmpty() ? "/" : path.toString());
  }

  /** The parent of an absolute normalized path; the root has none. */
  public static Optional<String> parent(String path) {
    if (path.equals("/")) {
      return Optional.empty();
    }
    int slash = path.lastIndexOf('/');
    return Optional.of(slash == 0 ? "/" : path.substring(0, slash));
  }

  /** The last component of an absolute normalized path. */
  public static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** {@code child} under {@code directory}, both normalized. */
  public static String join(String directory, String name) {
    return directory.equals("/") ? "/" + name : directory + "/" + name;
  }

  /** Whether {@code path} is {@code directory} itself or lies below it. */
  public static boolean isUnder(String path, String directory) {
    if (directory.equals("/")) {
      return true;
    }
    return path.equals(directory) || (path.startsWith(directory) && path.charAt(directory.length()) == '/');
  }
}
