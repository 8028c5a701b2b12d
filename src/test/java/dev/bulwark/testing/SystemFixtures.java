package dev.bulwark.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private static synchronized Path build(String name, String script) {
    assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false),
        "system fixtures need root (debootstrap)");
    Path dir = root().resolve(name);
    if (Files.exists(dir.resolve(".complete"))) {
      return dir;
    }
    try {
      Files.createDirectories(dir);
      Path log = dir.resolve("build.log");
      Process process = new ProcessBuilder(List.of("bash", script, dir.toString()))
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
