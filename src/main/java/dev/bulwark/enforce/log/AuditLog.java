package dev.bulwark.enforce.log;

import dev.bulwark.enforce.Decision;
import dev.bulwark.enforce.GuardRequest;
import dev.bulwark.enforce.log.LogRecord.Checkpoint;
import dev.bulwark.enforce.log.LogRecord.Entry;
import dev.bulwark.enforce.log.LogRecord.Header;
import dev.bulwark.enforce.log.LogRecord.Recovery;
import dev.bulwark.enforce.log.LogStart.After;
import dev.bulwark.enforce.log.LogStart.Continue;
import dev.bulwark.enforce.log.LogStart.Genesis;
import dev.bulwark.enforce.log.LogStart.Start;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append-only, hash-chained audit log of guard decisions (format: {@link RecordCodec},
 * docs/audit-log.md). {@link #append} returns only once the entry is written (and synced, with
 * {@link Durability#FSYNC}); when it throws, the entry is not on record and the guard must deny.
 *
 * <p>One lock orders records: each gets the next sequence number and the previous record's hash,
 * and its bytes are queued in that order, so file order is sequence order. Writing is group commit
 * ({@link GroupCommit}). Checkpoints follow every N entries, and a timer writes one when entries
 * have waited T for a signature. Rotation closes a file with a checkpoint, renames it, and starts
 * the next with a signed header that links to it. Thread-safe.
 */
public final class AuditLog implements AutoCloseable {
  private final AuditLogOptions options;
  private final Path file;
  private final Start start;
  private final KeyPair keys;
  private final String keyId;
  private final GroupCommit writer;
  private final ReentrantLock lock;
  private final ScheduledExecutorService timer;

  // Guarded by lock.
  private String log;
  private long nextSeq;
  private String head;
  private long fileFirstSeq;
  private long fileBytes;
  private long unsigned;
  private boolean closed;

  private AuditLog(AuditLogOptions options, Start start) {
    this.options = options;
    this.file = options.file().toAbsolutePath();
    this.start = start;
    this.keys = start.keys();
    this.keyId = LogKeys.keyId(keys.getPublic());
    long durable = switch (start.plan()) {
      case Continue c -> c.head().seq();
      case After a -> a.head().seq();
      case Genesis g -> -1;
    };
    this.writer = new GroupCommit(file, start.channel(), options.durability() == Durability.FSYNC, durable);
    this.lock = writer.lock();
    this.fileBytes = start.size();
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "bulwark-audit-log");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Opens the log: creates it, or resumes it after verifying its current file. */
  public static AuditLog open(AuditLogOptions options) {
    AuditLog auditLog = new AuditLog(options, LogStart.open(options));
    try {
      auditLog.begin();
    } catch (RuntimeException e) {
      auditLog.close();
      throw e;
    }
    return auditLog;
  }

  private void begin() {
    lock.lock();
    try {
      switch (start.plan()) {
        case Genesis g -> {
          byte[] id = new byte[16];
          new SecureRandom().nextBytes(id);
          log = HexFormat.of().formatHex(id);
          head = RecordCodec.genesis(log);
          add(header(""));
        }
        case After a -> {
          continueFrom(a.head());
          add(header(a.previousFile()));
        }
        case Continue c -> {
          continueFrom(c.head());
          fileFirstSeq = c.head().fileFirstSeq();
          unsigned = c.head().unsigned();
          if (c.newline()) {
            writer.newline();
            fileBytes++;
          }
          // A file whose header names another key gets no signature from this one: the new file's
          // header, signed by this key, covers it instead.
          boolean ownKey = c.head().key().equals(keyId);
          if (c.tornBytes() > 0 || !c.head().signed()) {
            add(new Recovery(nextSeq, now(), unsigned, c.tornBytes(), c.tornSha256(), head));
            if (ownKey) {
              add(newCheckpoint());
            }
          }
          if (c.rotate()) {
            rotate(ownKey);
          }
        }
      }
      writer.writeNow();
    } finally {
      lock.unlock();
    }
    long every = options.checkpointInterval().toMillis();
    timer.scheduleAtFixedRate(this::checkpointIfWaiting, every, every, TimeUnit.MILLISECONDS);
    if (options.durability() == Durability.WRITE) {
      long sync = options.syncInterval().toMillis();
      timer.scheduleAtFixedRate(writer::syncIfDirty, sync, sync, TimeUnit.MILLISECONDS);
    }
  }

  private void continueFrom(Verification.Head last) {
    log = last.log();
    head = last.hash();
    nextSeq = last.seq() + 1;
  }

  /** Records a decision; returns its sequence number. Throws {@link AuditLogException} when it cannot. */
  public long append(GuardRequest request, Decision decision) {
    return append(AuditEvent.of(request, decision));
  }

  /** Records an event; returns its sequence number. Throws {@link AuditLogException} when it cannot. */
  public long append(AuditEvent event) {
    lock.lock();
    try {
      usable();
      if (full()) {
        writer.quiesce();
        usable();
        if (full()) { // another thread may have rotated while this one waited
          rotate(true);
        }
      }
      long seq = add(new Entry(nextSeq, now(), event, head));
      if (++unsigned >= options.checkpointEvery()) {
        add(newCheckpoint());
      }
      writer.awaitWritten(seq);
      return seq;
    } finally {
      lock.unlock();
    }
  }

  /** Signs the chain now, if any record is waiting for a signature. */
  public void checkpoint() {
    lock.lock();
    try {
      usable();
      if (unsigned > 0) {
        writer.awaitWritten(add(newCheckpoint()));
      }
    } finally {
      lock.unlock();
    }
  }

  public Path file() {
    return file;
  }

  public PublicKey publicKey() {
    return keys.getPublic();
  }

  public String keyId() {
    return keyId;
  }

  /** Writes a last checkpoint, syncs and closes. A failed log is closed without one. */
  @Override
  public void close() {
    timer.shutdownNow();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      writer.closing();
      try {
        if (writer.healthy() && log != null) {
          if (unsigned > 0) {
            add(newCheckpoint());
          }
          writer.writeNow();
        }
      } finally {
        release();
      }
    } finally {
      lock.unlock();
    }
  }

  private void release() {
    IOException error = null;
    for (FileChannel open : new FileChannel[] {writer.channel(), start.lockChannel()}) {
      try {
        open.close(); // closing the lock file's channel releases the lock
      } catch (IOException e) {
        if (error == null) {
          error = e;
        } else {
          error.addSuppressed(e);
        }
      }
    }
    if (error != null) {
      throw new AuditLogException("cannot close the audit log " + file + ": " + error.getMessage(), error);
    }
  }

  private void usable() {
    writer.checkHealthy();
    if (closed) {
      throw new AuditLogException("the audit log " + file + " is closed");
    }
  }

  /** Encodes the record as the chain's next line and queues it (lock held). */
  private long add(LogRecord record) {
    RecordCodec.Line line = RecordCodec.encode(record);
    writer.add(line.bytes(), record.seq());
    fileBytes += line.bytes().length + 1;
    head = line.hash();
    nextSeq = record.seq() + 1;
    if (record instanceof Header || record instanceof Checkpoint) {
      unsigned = 0;
    }
    return record.seq();
  }

  private Header header(String previousFile) {
    fileFirstSeq = nextSeq;
    Header draft = new Header(nextSeq, now(), log, previousFile, options.checkpointEvery(),
        options.checkpointInterval().toSeconds(), keyId, head, "");
    return new Header(draft.seq(), draft.time(), log, previousFile, draft.checkpointEvery(), draft.checkpointSeconds(),
        keyId, head, LogKeys.sign(keys.getPrivate(), RecordCodec.signedBytes(draft)));
  }

  private Checkpoint newCheckpoint() {
    Checkpoint draft = new Checkpoint(nextSeq, now(), log, keyId, head, "");
    return new Checkpoint(draft.seq(), draft.time(), log, keyId, head,
        LogKeys.sign(keys.getPrivate(), RecordCodec.signedBytes(draft)));
  }

  private Instant now() {
    return options.clock().instant();
  }

  private boolean full() {
    return fileBytes >= options.maxFileBytes() && nextSeq > fileFirstSeq + 1;
  }

  /** Closes the current file (with a checkpoint), renames it, and starts the next (lock held, quiesced). */
  private void rotate(boolean closingCheckpoint) {
    if (closingCheckpoint) {
      add(newCheckpoint());
    }
    writer.writeNow();
    Path rotated = LogFiles.rotatedName(file, fileFirstSeq);
    try {
      writer.channel().close();
      Files.move(file, rotated, StandardCopyOption.ATOMIC_MOVE);
      writer.channel(FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
      fileBytes = 0;
      add(header(rotated.getFileName().toString()));
      writer.writeNow();
      try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        directory.force(true); // the rename and the new file survive a power loss
      }
    } catch (IOException e) {
      throw writer.fail(e);
    }
  }

  private void checkpointIfWaiting() {
    lock.lock();
    try {
      if (!closed && writer.healthy() && unsigned > 0) {
        writer.awaitWritten(add(newCheckpoint()));
      }
    } catch (AuditLogException e) {
      // Kept by the writer: the next append reports it, and its request is denied.
    } finally {
      lock.unlock();
    }
  }
}
