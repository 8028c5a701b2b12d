package dev.bulwark.enforce.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * The spec file by which dockerd finds a plugin by name (moby pkg/plugins discovery): a file
 * {@code NAME.spec} in {@code /etc/docker/plugins} (or {@code /usr/lib/docker/plugins}) holding the
 * plugin's address, {@code unix:///path/to.sock}. A socket at {@code /run/docker/plugins/NAME.sock}
 * needs no spec file. {@code dockerd --authorization-plugin=NAME} then consults it.
 */
public final class PluginSpec implements AutoCloseable {
  public static final String DEFAULT_NAME = "bulwark";
  public static final Path DEFAULT_SPEC_DIR = Path.of("/etc/docker/plugins");
  public static final Path DEFAULT_SOCKET = Path.of("/run/docker/plugins/bulwark.sock");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private final Path file;
  private final String content;

  private PluginSpec(Path file, String content) {
    this.file = file;
    this.content = content;
  }

  public static boolean validName(String name) {
    return NAME.matcher(name).matches();
  }

  /** Writes {@code dir/NAME.spec} pointing at {@code socket}, atomically. */
  public static PluginSpec write(Path dir, String name, Path socket) throws IOException {
    if (!validName(name)) {
      throw new IllegalArgumentException("plugin name '" + name + "' is not a valid file name");
    }
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".spec");
    String content = "unix://" + socket.toAbsolutePath() + "\n";
    Path temporary = Files.createTempFile(dir, "." + name, ".spec.tmp");
    Files.writeString(temporary, content, StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new PluginSpec(file, content);
  }

  public Path file() {
    return file;
  }

  /** Removes the spec file if it still points here. */
  @Override
  public void close() throws IOException {
    if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
      Files.delete(file);
    }
  }
}
