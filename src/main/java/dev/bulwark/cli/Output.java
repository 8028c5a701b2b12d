package dev.bulwark.cli;

import dev.bulwark.InputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Writes a report only once it is whole: rendered in memory, then to stdout, or to a temporary
 * file beside the target that is renamed over it. A failure leaves no partial report behind.
 */
final class Output {
  private Output() {}

  @FunctionalInterface
  interface Writer {
    void write(OutputStream out) throws IOException;
  }

  static void write(Optional<Path> file, PrintStream stdout, Writer writer) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    try {
      writer.write(buffer);
    } catch (IOException e) {
      throw new InputException("cannot render the report: " + e.getMessage(), e);
    }
    if (file.isEmpty()) {
      stdout.write(buffer.toByteArray(), 0, buffer.size());
      stdout.flush();
      return;
    }
    Path target = file.orElseThrow().toAbsolutePath();
    try {
      // Reports are not secrets: readable by others like any file the user writes (createTempFile makes 0600).
      Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
      try {
        Files.write(temporary, buffer.toByteArray());
        try {
          Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new InputException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
