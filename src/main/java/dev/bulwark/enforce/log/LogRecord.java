package dev.bulwark.enforce.log;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One line of the audit log. Every record has a sequence number (one sequence over the whole log,
 * across files, with no gaps), a time, and {@code prev}, the hash of the record before it. The
 * writer adds the record's own {@code hash}; see {@link RecordCodec} and docs/audit-log.md.
 */
public sealed interface LogRecord {
  /** A SHA-256 in lowercase hex, as {@code prev} and {@code hash} are written. */
  Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  long seq();

  Instant time();

  String prev();

  /**
   * The first line of every file. The first file's header is the genesis: seq 0, no previous file,
   * and {@code prev} = {@link RecordCodec#genesis(String) genesis(log)}; later files continue from
   * the last line of {@code previousFile}. Signed like a checkpoint, so the promise it makes (a
   * checkpoint at least every {@code checkpointEvery} entries) cannot be rewritten.
   */
  record Header(
      long seq, Instant time, String log, String previousFile, int checkpointEvery, long checkpointSeconds,
      String key, String prev, String sig) implements LogRecord {
    public Header {
      check(seq, time, prev);
      if (checkpointEvery < 1 || checkpointSeconds < 0) {
        throw new IllegalArgumentException("bad checkpoint policy");
      }
    }
  }

  /** A decision. */
  record Entry(long seq, Instant time, AuditEvent event, String prev) implements LogRecord {
    public Entry {
      check(seq, time, prev);
    }
  }

  /** A signature over the chain up to and including the record before it ({@code prev}). */
  record Checkpoint(long seq, Instant time, String log, String key, String prev, String sig) implements LogRecord {
    public Checkpoint {
      check(seq, time, prev);
    }
  }

  /**
   * Written when the writer resumes a log it did not close: {@code unsigned} records at the end
   * were not yet covered by a checkpoint, and when {@code tornBytes > 0} the line before this one
   * is a write the crash cut short (its length and SHA-256 given here), which is kept as evidence
   * and skipped by the chain.
   */
  record Recovery(long seq, Instant time, long unsigned, long tornBytes, String tornSha256, String prev)
      implements LogRecord {
    public Recovery {
      check(seq, time, prev);
      if (unsigned < 0 || tornBytes < 0 || (tornBytes > 0) != SHA256.matcher(tornSha256).matches()) {
        throw new IllegalArgumentException("bad recovery counts");
      }
    }
  }

  private static void check(long seq, Instant time, String prev) {
    if (seq < 0 || time == null || prev == null || !SHA256.matcher(prev).matches()) {
      throw new IllegalArgumentException("bad seq, time or prev");
    }
  }
}
