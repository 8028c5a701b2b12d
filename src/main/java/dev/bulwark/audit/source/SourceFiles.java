package dev.bulwark.audit.source;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a configuration file whole, within a size bound, as every file source does. */
public final class SourceFiles {
  /** Largest configuration file read: Dockerfiles, compose files and manifests are far smaller. */
  public static final int MAX_FILE_BYTES = 4 << 20;

  private SourceFiles() {}

  public static byte[] read(Path file) {
    return read(file, MAX_FILE_BYTES);
  }

  public static byte[] read(Path file, int limit) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        throw new LimitExceededException(file.toString(), "size", limit);
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    } catch (IOException e) {
      throw new InputException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
