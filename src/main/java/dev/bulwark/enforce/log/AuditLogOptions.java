package dev.bulwark.enforce.log;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How an {@link AuditLog} is written.
 *
 * @param file the active log file; rotated files are renamed beside it
 * @param privateKeyFile the Ed25519 signing key (PKCS#8 PEM), created with its public half if absent
 * @param checkpointEvery a checkpoint after at most this many entries
 * @param checkpointInterval and when entries are waiting for one, at least this often
 * @param maxFileBytes rotate once the active file reaches this size
 * @param durability what an append waits for
 * @param syncInterval with {@link Durability#WRITE}, how often the file is synced
 * @param repairTornTail whether a log whose last line is a torn write is continued (the torn bytes
 *     kept and named by a recovery record) rather than refused
 */
public record AuditLogOptions(Path file, Path privateKeyFile, int checkpointEvery, Duration checkpointInterval,
    long maxFileBytes, Durability durability, Duration syncInterval, boolean repairTornTail, Clock clock) {
  /** Upper bound of checkpointEvery: a checkpoint costs one line; much rarer ones leave long unsigned tails. */
  public static final int MAX_CHECKPOINT_EVERY = 1_000_000;
  /** Smallest file to rotate at: a header and a checkpoint must fit with room for entries. */
  public static final long MIN_FILE_BYTES = 4096;

  public AuditLogOptions {
    if (checkpointEvery < 1 || checkpointEvery > MAX_CHECKPOINT_EVERY) {
      throw new IllegalArgumentException("checkpointEvery must be 1 to " + MAX_CHECKPOINT_EVERY);
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("checkpointInterval must be positive");
    }
    if (syncInterval.isNegative() || syncInterval.isZero()) {
      throw new IllegalArgumentException("syncInterval must be positive");
    }
    if (maxFileBytes < MIN_FILE_BYTES) {
      throw new IllegalArgumentException("maxFileBytes must be at least " + MIN_FILE_BYTES);
    }
  }

  /** A checkpoint every 1,000 entries or 10 seconds, 64 MiB files, fsync before every append returns. */
  public static AuditLogOptions defaults(Path file, Path privateKeyFile) {
    return new AuditLogOptions(file, privateKeyFile, 1000, Duration.ofSeconds(10), 64L << 20, Durability.FSYNC,
        Duration.ofSeconds(1), true, Clock.systemUTC());
  }

  public AuditLogOptions withCheckpoints(int every, Duration interval) {
    return new AuditLogOptions(file, privateKeyFile, every, interval, maxFileBytes, durability, syncInterval,
        repairTornTail, clock);
  }

  public AuditLogOptions withMaxFileBytes(long bytes) {
    return new AuditLogOptions(file, privateKeyFile, checkpointEvery, checkpointInterval, bytes, durability,
        syncInterval, repairTornTail, clock);
  }

  public AuditLogOptions withDurability(Durability value, Duration interval) {
    return new AuditLogOptions(file, privateKeyFile, checkpointEvery, checkpointInterval, maxFileBytes, value, interval,
        repairTornTail, clock);
  }

  public AuditLogOptions withRepairTornTail(boolean value) {
    return new AuditLogOptions(file, privateKeyFile, checkpointEvery, checkpointInterval, maxFileBytes, durability,
        syncInterval, value, clock);
  }

  public AuditLogOptions withClock(Clock value) {
    return new AuditLogOptions(file, privateKeyFile, checkpointEvery, checkpointInterval, maxFileBytes, durability,
        syncInterval, repairTornTail, value);
  }
}
