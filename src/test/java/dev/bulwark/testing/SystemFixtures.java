package dev.bulwark.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real images for system tests, built once by {@code dev/fixtures/*.sh} with real tools and kept
 * under the build directory (or under $BULWARK_FIXTURE_CACHE, to reuse them across clean clones).
 */
public final class SystemFixtures {
  private SystemFixtures() {}

  /** The debootstrap bookworm image; see dev/fixtures/bookworm.sh for what the directory holds. */
  public static Path bookworm() {
    return build("bookworm", "dev/fixtures/bookworm.sh");
  }

  /**
   * The bookworm image with Debian's python3-requests and fzf installed, old jars from Maven Central
   * and an old node_modules tree; see dev/fixtures/vulnerable-image.sh for what the directory holds.
   */
  public static Path vulnerableImage() {
    Path bookworm = bookworm();
    return build("vulnerable-image", "dev/fixtures/vulnerable-image.sh", bookworm.toString());
  }

  private static synchronized Path build(String name, String script, String... arguments) {
    assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false),
        "system fixtures need root (debootstrap)");
    Path dir = root().resolve(name);
    if (Files.exists(dir.resolve(".complete"))) {
      return dir;
    }
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve("build.log");
      List<String> command = new ArrayList<>(List.of("bash", script, dir.toString()));
      command.addAll(List.of(arguments));
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(script + " failed with exit " + exit + ":\n" + Files.readString(log));
      }
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Path root() {
    String cache = System.getenv("BULWARK_FIXTURE_CACHE");
    if (cache != null && !cache.isBlank()) {
      return Path.of(cache);
    }
    return Path.of(System.getProperty("bulwark.build.dir", "target"), "system-fixtures");
  }
}
