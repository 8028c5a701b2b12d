package dev.bulwark.enforce.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes lines to a file in the order they are added, in batches. Callers add lines while holding
 * {@link #lock()}, which fixes their order; then {@link #awaitWritten} returns once a line is in the
 * file (and synced, when {@code sync}). The first waiting thread that finds no batch in flight
 * takes everything pending, writes and syncs it outside the lock, and wakes the others; lines added
 * meanwhile form the next batch, so one sync serves every append that arrived during the previous
 * one. A failed write fails this writer for good: every later wait throws.
 */
final class GroupCommit {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition written = lock.newCondition();
  private final Path file;
  private final boolean sync;

  // Guarded by lock.
  private FileChannel channel;
  private Batch pending = new Batch();
  private Batch spare = new Batch();
  private long pendingLast = -1;
  private long durable;
  private boolean inFlight;
  private boolean dirty;
  private boolean closing;
  private AuditLogException failure;

  /** @param durable the seq of the last line already in the file */
  GroupCommit(Path file, FileChannel channel, boolean sync, long durable) {
    this.file = file;
    this.channel = channel;
    this.sync = sync;
    this.durable = durable;
  }

  ReentrantLock lock() {
    return lock;
  }

  /** Queues a line (lock held). */
  void add(byte[] line, long seq) {
    pending.add(line);
    pendingLast = seq;
  }

  /** Queues a bare newline, ending a line a crash left unterminated (lock held). */
  void newline() {
    pending.newline();
  }

  /** Throws the failure, if writing failed before (lock held). */
  void checkHealthy() {
    if (failure != null) {
      throw new AuditLogException(failure.getMessage(), failure);
    }
  }

  boolean healthy() {
    return failure == null;
  }

  /** Waits until line {@code seq} is written, writing the pending batch itself when no one else is (lock held). */
  void awaitWritten(long seq) {
    while (durable < seq) {
      checkHealthy();
      if (inFlight || closing) { // closing: close() writes what is pending itself
        written.awaitUninterruptibly();
        continue;
      }
      inFlight = true;
      Batch batch = pending;
      pending = spare;
      spare = null;
      long last = pendingLast;
      FileChannel target = channel;
      IOException error = null;
      lock.unlock();
      try {
        batch.writeTo(target);
        if (sync) {
          target.force(false);
        }
      } catch (IOException e) {
        error = e;
      } finally {
        lock.lock();
        batch.clear();
        spare = batch;
        inFlight = false;
        if (error == null) {
          durable = Math.max(durable, last);
          dirty = !sync;
        } else {
          fail(error);
        }
        written.signalAll();
      }
    }
  }

  /** Waits until no batch is in flight (lock held), so the caller may write or switch files itself. */
  void quiesce() {
    while (inFlight) {
      written.awaitUninterruptibly();
    }
  }

  /** Marks the writer as closing (lock held): no one starts a batch; waiters wait for {@link #writeNow}. */
  void closing() {
    closing = true;
    quiesce();
  }

  /** Writes and syncs everything pending while holding the lock (lock held, quiesced). */
  void writeNow() {
    try {
      pending.writeTo(channel);
      pending.clear();
      channel.force(false);
      durable = Math.max(durable, pendingLast);
      dirty = false;
      written.signalAll();
    } catch (IOException e) {
      throw fail(e);
    }
  }

  FileChannel channel() {
    return channel;
  }

  /** Switches to a new file (lock held, quiesced, nothing pending). */
  void channel(FileChannel next) {
    channel = next;
  }

  /** Syncs what was written without a sync (lock taken here). */
  void syncIfDirty() {
    lock.lock();
    try {
      quiesce();
      if (closing || failure != null || !dirty) {
        return;
      }
      inFlight = true;
      FileChannel target = channel;
      lock.unlock();
      IOException error = null;
      try {
        target.force(false);
      } catch (IOException e) {
        error = e;
      } finally {
        lock.lock();
        inFlight = false;
        if (error != null) {
          fail(error);
        } else {
          dirty = false;
        }
        written.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Records a write failure, once, and wakes every waiter to report it (lock held). */
  AuditLogException fail(IOException e) {
    if (failure == null) {
      failure = new AuditLogException("cannot write the audit log " + file + ": " + e.getMessage()
          + "; every request is denied until the guard is restarted", e);
    }
    written.signalAll();
    return failure;
  }

  /** Lines waiting to be written, each with its newline. */
  private static final class Batch {
    private byte[] bytes = new byte[64 * 1024];
    private int size;

    void add(byte[] line) {
      ensure(line.length + 1);
      System.arraycopy(line, 0, bytes, size, line.length);
      size += line.length;
      bytes[size++] = '\n';
    }

    void newline() {
      ensure(1);
      bytes[size++] = '\n';
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    void writeTo(FileChannel channel) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, size);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }

    void clear() {
      size = 0;
    }
  }
}
