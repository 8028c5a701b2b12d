package dev.bulwark.io;

import dev.bulwark.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A private temporary directory (mode 0700) that Bulwark owns for one command, created on first use
 * and deleted with everything in it on close. Nothing read from an image is ever written anywhere
 * else, and names inside it are chosen here, never taken from the input.
 */
public final class Scratch implements AutoCloseable {
  private final Path parent;
  private Path directory;

  public Scratch(Path parent) {
    this.parent = parent;
  }

  public static Scratch inTempDir() {
    return new Scratch(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** A new empty file in the scratch directory. */
  public synchronized Path newFile(String suffix) {
    try {
      return Files.createTempFile(directory(), "f", suffix);
    } catch (IOException e) {
      throw new InputException("cannot create a temporary file in " + parent + ": " + e.getMessage(), e);
    }
  }

  public synchronized Path directory() {
    if (directory == null) {
      try {
        directory = Files.createTempDirectory(parent, "bulwark-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (IOException e) {
        throw new InputException("cannot create a temporary directory in " + parent + ": " + e.getMessage(), e);
      }
    }
    return directory;
  }

  @Override
  public synchronized void close() {
    if (directory == null) {
      return;
    }
    try {
      Files.walkFileTree(directory, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + directory, e);
    } finally {
      directory = null;
    }
  }
}
