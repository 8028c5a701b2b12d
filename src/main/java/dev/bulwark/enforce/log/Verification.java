package dev.bulwark.enforce.log;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying a log: the first problem, if any; what was checked up to it; and the
 * chain's head (what a writer resuming the log continues from).
 */
public record Verification(Optional<Problem> problem, Summary summary, Optional<Head> head) {
  public boolean intact() {
    return problem.isEmpty();
  }

  public enum Kind {
    /** Edited, deleted, inserted, reordered, badly signed, or otherwise not what the writer wrote. */
    DAMAGED,
    /** The last line is an incomplete write (no newline, not a whole record): a crash cut it short. */
    TORN,
    /** The last line is a whole, valid record that only lacks its newline. */
    UNTERMINATED
  }

  /**
   * The first problem found. For {@link Kind#TORN}, where the torn bytes start, how many there
   * are, and their SHA-256; {@link #head()} is then the chain before them.
   */
  public record Problem(Kind kind, String message, long tornOffset, long tornBytes, String tornSha256) {
    static Problem damaged(String message) {
      return new Problem(Kind.DAMAGED, message, 0, 0, "");
    }
  }

  /**
   * The last record accepted, and what the file it is in promises.
   *
   * @param fileFirstSeq the seq of the header of the file the head is in
   * @param unsigned records after the last header or checkpoint
   */
  public record Head(long seq, String hash, String log, String key, int checkpointEvery, long checkpointSeconds,
      long fileFirstSeq, long unsigned, boolean signed) {}

  /**
   * @param signaturesChecked headers and checkpoints whose signature was verified (0 without a key)
   * @param continuesFrom the previous file the first file's header names, when the input does not start at genesis
   * @param lastSigned where the last header or checkpoint is ({@code FILE line N})
   * @param unsignedAfter records after it, not yet covered by a signature
   * @param recoveries where the writer resumed after an unclean stop, and what it found
   */
  public record Summary(int files, long records, long entries, long allowed, long denied, long checkpoints,
      long signaturesChecked, Optional<Long> firstSeq, Optional<Long> lastSeq, Optional<Instant> firstTime,
      Optional<Instant> lastTime, Optional<String> continuesFrom, Optional<String> lastSigned, long lastSignedSeq,
      Optional<Instant> lastSignedTime, long unsignedAfter, List<String> recoveries) {
    public Summary {
      recoveries = List.copyOf(recoveries);
    }
  }
}
