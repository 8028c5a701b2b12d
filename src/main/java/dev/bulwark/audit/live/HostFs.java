package dev.bulwark.audit.live;

import dev.bulwark.InputException;
import dev.bulwark.io.Bounded;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's files as seen under a root ({@code /} normally; a bind mount of the host's root when
 * Bulwark runs in a container; a fake tree in tests). Paths are the host's absolute paths; a symbolic
 * link met on the way is resolved against the root, not against the machine Bulwark runs on, so an
 * absolute link ({@code /var/run -> /run}) stays inside the host's tree. Every read is bounded: a file
 * past its bound is an error; a file that is missing or that the kernel refuses to show (permission,
 * {@code EINVAL} from an LSM attribute nobody registered) is absent.
 */
final class HostFs {
  /** Links followed while resolving one path, as the kernel's own limit. */
  static final int MAX_LINKS = 40;
  /** Entries listed from one directory (/proc holds one per process). */
  static final int MAX_DIRECTORY_ENTRIES = 1 << 20;

  private final Path root;

  HostFs(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  /**
   * The path under the root for a host path, its links resolved inside the root; the last component
   * is resolved too unless {@code followLast} is false.
   */
  Path resolve(String hostPath, boolean followLast) {
    if (!hostPath.startsWith("/")) {
      throw new IllegalArgumentException("not absolute: " + hostPath);
    }
    List<String> pending = new ArrayList<>(List.of(hostPath.substring(1).split("/")));
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String part = pending.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.removeLast();
        }
        continue;
      }
      done.add(part);
      if (pending.isEmpty() && !followLast) {
        break;
      }
      Path here = under(done);
      if (Files.isSymbolicLink(here) && links < MAX_LINKS && !isProcMagic(done)) {
        links++;
        String target;
        try {
          target = Files.readSymbolicLink(here).toString();
        } catch (IOException e) {
          break;
        }
        done.removeLast();
        if (target.startsWith("/")) {
          done.clear();
        }
        List<String> next = new ArrayList<>(List.of(target.split("/")));
        next.addAll(pending);
        pending = next;
      }
    }
    return under(done);
  }

  /** /proc/PID/ns/*, exe, cwd, root and fd are links the kernel makes: they are read, never walked. */
  private static boolean isProcMagic(List<String> parts) {
    return parts.size() >= 3 && parts.getFirst().equals("proc")
        && List.of("ns", "exe", "cwd", "root", "fd").contains(parts.get(2));
  }

  private Path under(List<String> parts) {
    Path path = root;
    for (String part : parts) {
      path = path.resolve(part);
    }
    return path;
  }

  /** A file's text, or empty when it is missing or unreadable; longer than {@code limit} bytes is an error. */
  Optional<String> read(String hostPath, int limit) {
    return readBytes(hostPath, limit).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  /** A file's bytes, or empty when it is missing or unreadable; longer than {@code limit} bytes is an error. */
  Optional<byte[]> readBytes(String hostPath, int limit) {
    Path path = resolve(hostPath, true);
    try (InputStream in = Files.newInputStream(path)) {
      return Optional.of(Bounded.readAll(in, limit, hostPath));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (FileSystemException e) {
      return Optional.empty(); // permission denied, not a directory, EINVAL from an LSM attribute
    } catch (IOException e) {
      // EINVAL comes from read(2), after a successful open, as a plain IOException: an LSM
      // attribute file of an LSM that is not active
      if (e.getMessage() != null && e.getMessage().contains("Invalid argument")) {
        return Optional.empty();
      }
      throw new InputException("cannot read " + hostPath + ": " + e.getMessage(), e);
    }
  }

  /** The target of a link as written (the kernel's {@code pid:[4026531836]} for a namespace). */
  Optional<String> readLink(String hostPath) {
    try {
      return Optional.of(Files.readSymbolicLink(resolve(hostPath, false)).toString());
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  boolean exists(String hostPath) {
    return Files.exists(resolve(hostPath, false), LinkOption.NOFOLLOW_LINKS);
  }

  /** Names in a directory, sorted; empty when it is missing or unreadable. */
  List<String> list(String hostPath) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolve(hostPath, true))) {
      for (Path entry : entries) {
        if (names.size() >= MAX_DIRECTORY_ENTRIES) {
          throw new dev.bulwark.LimitExceededException(hostPath, "directory entries", MAX_DIRECTORY_ENTRIES);
        }
        names.add(entry.getFileName().toString());
      }
    } catch (IOException e) {
      return List.of();
    }
    names.sort(null);
    return names;
  }

  /** The unix attributes ({@code uid}, {@code gid}, {@code mode}) of a path, not following a last link. */
  Optional<Map<String, Object>> attributes(String hostPath, boolean followLast) {
    Path path = resolve(hostPath, followLast);
    try {
      return Optional.of(followLast ? Files.readAttributes(path, "unix:uid,gid,mode")
          : Files.readAttributes(path, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }
}
