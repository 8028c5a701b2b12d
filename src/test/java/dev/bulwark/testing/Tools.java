package dev.bulwark.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** External tools for system tests: found on PATH, run with a timeout, their output kept for failures. */
public final class Tools {
  private Tools() {}

  public static Optional<Path> which(String tool) {
    for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Skips the calling test (class) when a tool is missing. */
  public static void assumeTools(String... tools) {
    for (String tool : tools) {
      Assumptions.assumeTrue(which(tool).isPresent(), tool + " is not installed");
    }
  }

  public static void assumeRoot() {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
  }

  /** Runs a command to completion; a non-zero exit or a timeout fails with its output. */
  public static String run(Duration timeout, Path workDir, String... command) {
    return run(timeout, workDir, List.of(command));
  }

  public static String run(Duration timeout, Path workDir, List<String> command) {
    try {
      Path output = Files.createTempFile("bulwark-tool", ".log");
      try {
        Process process = new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
          throw new AssertionError(String.join(" ", command) + " timed out after " + timeout + ":\n"
              + Files.readString(output, StandardCharsets.UTF_8));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
          throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + text);
        }
        return text;
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Stops a process this test started: TERM, a grace period, then KILL. */
  public static void stop(Process process, Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Deletes a tree this test made; best effort (a failed delete must not hide a test result). */
  public static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // left for the OS's temp cleaning
        }
      });
    } catch (IOException ignored) {
      // as above
    }
  }
}
