package dev.bulwark.enforce.log;

import dev.bulwark.enforce.log.LogRecord.Header;
import dev.bulwark.enforce.log.RecordCodec.Edited;
import dev.bulwark.enforce.log.RecordCodec.Valid;
import dev.bulwark.enforce.log.Verification.Head;
import dev.bulwark.enforce.log.Verification.Kind;
import dev.bulwark.enforce.log.Verification.Problem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a writer starts: a new log (genesis), a new file after the last rotated one, or the end of
 * the existing file, whose chain is verified first. A damaged log is refused; a torn last line is
 * continued only when the options allow it, and the writer then names it in a recovery record.
 */
final class LogStart {
  private LogStart() {}

  sealed interface Plan {}

  /** No log yet. */
  record Genesis() implements Plan {}

  /** The active file is missing but rotated ones exist (a crash during rotation): a new file continues them. */
  record After(String previousFile, Head head) implements Plan {}

  /**
   * Append to the existing file. {@code newline}: its last line lacks one; {@code tornBytes > 0}:
   * that line is torn. {@code rotate}: the file was written with another key or checkpoint policy.
   */
  record Continue(Head head, boolean newline, long tornBytes, String tornSha256, boolean rotate) implements Plan {}

  record Start(FileChannel channel, FileChannel lockChannel, FileLock lock, KeyPair keys, long size, Plan plan) {}

  static Start open(AuditLogOptions options) {
    Path file = options.file().toAbsolutePath();
    FileChannel lockChannel = null;
    try {
      Path directory = file.getParent();
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
      lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this process, through another AuditLog
      }
      if (lock == null) {
        throw new AuditLogException("the audit log " + file + " is in use by another process (" + lockFile + " is locked)");
      }
      KeyPair keys = LogKeys.loadOrCreate(options.privateKeyFile());
      String keyId = LogKeys.keyId(keys.getPublic());
      if (Files.exists(file) && Files.size(file) == 0) {
        Files.delete(file); // created by a rotation that crashed before its header was written
      }
      Plan plan;
      if (Files.exists(file)) {
        plan = resume(file, keys, keyId, options);
      } else {
        List<Path> rotated = LogFiles.rotated(file);
        if (rotated.isEmpty()) {
          plan = new Genesis();
        } else {
          Path last = rotated.getLast();
          Verification verification = check(last, keys, keyId);
          if (!verification.intact()) {
            throw damaged(last, verification.problem().orElseThrow());
          }
          plan = new After(last.getFileName().toString(), verification.head().orElseThrow());
        }
      }
      FileChannel channel = plan instanceof Continue
          ? FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
          : FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
              StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      return new Start(channel, lockChannel, lock, keys, channel.size(), plan);
    } catch (IOException e) {
      AuditLogException failure = new AuditLogException("cannot open the audit log " + file + ": " + e.getMessage(), e);
      close(lockChannel, failure);
      throw failure;
    } catch (RuntimeException e) {
      close(lockChannel, e);
      throw e;
    }
  }

  private static Plan resume(Path file, KeyPair keys, String keyId, AuditLogOptions options) {
    Verification verification = check(file, keys, keyId);
    Problem problem = verification.problem().orElse(null);
    Optional<Head> head = verification.head();
    if (problem != null && (problem.kind() == Kind.DAMAGED || !options.repairTornTail() || head.isEmpty())) {
      throw damaged(file, problem);
    }
    Head h = head.orElseThrow();
    boolean rotate = !h.key().equals(keyId) || h.checkpointEvery() != options.checkpointEvery()
        || h.checkpointSeconds() != options.checkpointInterval().toSeconds();
    return problem == null ? new Continue(h, false, 0, "", rotate)
        : new Continue(h, true, problem.tornBytes(), problem.tornSha256(), rotate);
  }

  /** Verifies one file: signatures too when its header names this writer's key. */
  private static Verification check(Path file, KeyPair keys, String keyId) {
    boolean ours = headerKey(file).map(keyId::equals).orElse(false);
    return LogVerifier.verify(List.of(file), ours ? Map.of(keyId, keys.getPublic()) : Map.of(), List.of());
  }

  private static Optional<String> headerKey(Path file) {
    try (LineSource source = new LineSource(file, RecordCodec.MAX_LINE_BYTES)) {
      if (source.next()) {
        LogRecord record = switch (RecordCodec.decode(source.bytes(), source.length())) {
          case Valid v -> v.record();
          case Edited e -> e.record();
          default -> null;
        };
        if (record instanceof Header header) {
          return Optional.of(header.key());
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new AuditLogException("cannot read the audit log " + file + ": " + e.getMessage(), e);
    }
  }

  private static AuditLogException damaged(Path file, Problem problem) {
    return new AuditLogException("the audit log " + file + " is damaged, so nothing will be appended to it: "
        + problem.message() + ". Keep it as evidence: check it with `bulwark log verify`, move it aside (a new log"
        + " then starts), and start again");
  }

  private static void close(FileChannel channel, RuntimeException failure) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
