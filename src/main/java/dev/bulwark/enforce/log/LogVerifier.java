package dev.bulwark.enforce.log;

import dev.bulwark.InputException;
import dev.bulwark.enforce.log.LogRecord.Checkpoint;
import dev.bulwark.enforce.log.LogRecord.Entry;
import dev.bulwark.enforce.log.LogRecord.Header;
import dev.bulwark.enforce.log.LogRecord.Recovery;
import dev.bulwark.enforce.log.RecordCodec.Decoded;
import dev.bulwark.enforce.log.RecordCodec.Edited;
import dev.bulwark.enforce.log.RecordCodec.Invalid;
import dev.bulwark.enforce.log.RecordCodec.Valid;
import dev.bulwark.enforce.log.Verification.Head;
import dev.bulwark.enforce.log.Verification.Kind;
import dev.bulwark.enforce.log.Verification.Problem;
import dev.bulwark.enforce.log.Verification.Summary;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a log, file after file, in one streaming pass, and stops at the first problem, which it
 * names and locates: an edited line (its hash no longer matches), a line replaced by one with a
 * recomputed hash (the next line does not chain to it), deleted records (a gap in the sequence),
 * reordered and inserted lines, bad or foreign signatures, a missing checkpoint, a broken link
 * between files, a torn last line. Where a problem needs more context to be named (is a missing
 * record deleted or moved further down?), it reads ahead or back in the files again; that happens
 * once, on failure. See docs/audit-log.md.
 */
public final class LogVerifier {
  /** A record the user knows from elsewhere (a copy of a checkpoint kept off the host). */
  public record Anchor(long seq, String hash) {}

  private final List<Path> files;
  private final Map<String, PublicKey> keys;
  private final List<Anchor> anchors;
  private final Set<Long> anchorsFound = new HashSet<>();

  // The chain: the last record accepted, and what its file promises.
  private String hash;
  private long seq;
  private Loc at;
  private String atType = "";
  private String log;
  private String headerKey = "";
  private int every = 1;
  private long seconds;
  private long fileFirstSeq;
  private long unsigned;
  private boolean signed;
  private Pending pending;

  // What the summary reports.
  private long records;
  private long entries;
  private long allowed;
  private long checkpoints;
  private long signaturesChecked;
  private Long firstSeq;
  private Instant firstTime;
  private Instant lastTime;
  private String continuesFrom;
  private Loc lastSigned;
  private long lastSignedSeq;
  private Instant lastSignedTime;
  private long unsignedAfter;
  private final List<String> recoveries = new ArrayList<>();

  private LogVerifier(List<Path> files, Map<String, PublicKey> keys, List<Anchor> anchors) {
    this.files = List.copyOf(files);
    this.keys = Map.copyOf(keys);
    this.anchors = List.copyOf(anchors);
  }

  /**
   * Verifies {@code files}, in chain order. With {@code keys} (by {@link LogKeys#keyId key id}) every
   * header's and checkpoint's signature is checked; without, only the chain. Throws only when a file
   * cannot be read at all.
   */
  public static Verification verify(List<Path> files, Map<String, PublicKey> keys, List<Anchor> anchors) {
    return new LogVerifier(files, keys, anchors).run();
  }

  private record Loc(int file, long line) {}

  /** A line that is not a valid record, kept until the next line says whether a recovery excuses it. */
  private record Pending(Loc loc, String message, long bytes, String sha256) {}

  /** Unwinds the walk at the first problem. */
  private static final class Stop extends RuntimeException {
    final Problem problem;

    Stop(Problem problem) {
      super(problem.message(), null, false, false);
      this.problem = problem;
    }
  }

  private Verification run() {
    Problem problem = null;
    try {
      if (files.isEmpty()) {
        fail("no log files to verify");
      }
      for (int f = 0; f < files.size(); f++) {
        walk(f);
      }
      for (Anchor anchor : anchors) {
        if (!anchorsFound.contains(anchor.seq())) {
          fail("anchor seq " + anchor.seq() + ": not in the log, which ends at seq " + (hash == null ? "-" : seq)
              + ": its tail was cut off");
        }
      }
    } catch (Stop stop) {
      problem = stop.problem;
    }
    Optional<Head> head = hash == null ? Optional.empty() : Optional.of(
        new Head(seq, hash, log, headerKey, every, seconds, fileFirstSeq, unsigned, signed));
    return new Verification(Optional.ofNullable(problem), summary(), head);
  }

  private void walk(int f) {
    Path file = files.get(f);
    boolean any = false;
    try (LineSource source = new LineSource(file, RecordCodec.MAX_LINE_BYTES)) {
      while (source.next()) {
        any = true;
        Loc loc = new Loc(f, source.number());
        if (!source.terminated()) {
          lastLine(source, loc);
          return;
        }
        if (source.tooLong()) {
          invalid(loc, name(f) + ": line " + loc.line() + ": longer than " + RecordCodec.MAX_LINE_BYTES
              + " bytes: not a log record", source);
          continue;
        }
        switch (RecordCodec.decode(source.bytes(), source.length())) {
          case Invalid invalid -> invalid(loc, name(f) + ": line " + loc.line() + ": not a log record: "
              + invalid.reason(), source);
          case Edited edited -> invalid(loc, name(f) + ": " + where(loc, edited.record()) + ": edited: "
              + edited.reason(), source);
          case Valid valid -> accept(loc, valid.record(), valid.hash());
        }
      }
    } catch (IOException e) {
      throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (!any) {
      fail(name(f) + ": empty file, not a log");
    }
    if (pending != null) {
      fail(pending.message());
    }
  }

  private void invalid(Loc loc, String message, LineSource source) {
    if (pending != null) {
      fail(pending.message());
    }
    pending = new Pending(loc, message, source.fullLength(),
        RecordCodec.sha256(source.bytes(), 0, source.length()));
  }

  /** A last line without a newline: a whole record that only lacks it, or a torn write. */
  private void lastLine(LineSource source, Loc loc) {
    if (pending != null) {
      fail(pending.message());
    }
    Decoded decoded = source.tooLong() ? new Invalid("too long") : RecordCodec.decode(source.bytes(), source.length());
    if (decoded instanceof Valid valid && (hash == null || (valid.record().seq() == seq + 1
        && valid.record().prev().equals(hash)))) {
      accept(loc, valid.record(), valid.hash());
      throw new Stop(new Problem(Kind.UNTERMINATED, name(loc.file()) + ": " + where(loc, valid.record())
          + ": the last line has no newline: the write was cut short", 0, 0, ""));
    }
    throw new Stop(new Problem(Kind.TORN, name(loc.file()) + ": line " + loc.line() + ": torn: the last line is"
        + " incomplete (" + source.fullLength() + " bytes, no newline): a write was interrupted", source.offset(),
        source.fullLength(), RecordCodec.sha256(source.bytes(), 0, source.length())));
  }

  private void accept(Loc loc, LogRecord record, String recordHash) {
    String file = name(loc.file());
    if (pending != null) {
      if (record instanceof Recovery r && r.tornBytes() == pending.bytes() && r.tornSha256().equals(pending.sha256())) {
        recoveries.add(file + " line " + loc.line() + ": torn write of " + r.tornBytes() + " bytes at line "
            + pending.loc().line() + " kept and skipped; " + r.unsigned() + " unsigned record(s) before it");
        pending = null;
      } else {
        fail(pending.message());
      }
    } else if (record instanceof Recovery r) {
      if (r.tornBytes() > 0) {
        fail(file + ": " + where(loc, record) + ": names a torn line before it, but that line is intact");
      }
      recoveries.add(file + " line " + loc.line() + ": writer resumed after an unclean stop; " + r.unsigned()
          + " unsigned record(s) before it");
    }
    if (loc.line() == 1 && !(record instanceof Header)) {
      fail(file + ": line 1 (seq " + record.seq() + ") is " + typeName(record) + ", not a header: the header was"
          + " deleted");
    }
    if (loc.line() > 1 && record instanceof Header) {
      fail(file + ": " + where(loc, record) + ": a header inside the file: inserted");
    }
    if (hash == null) {
      if (!(record instanceof Header header)) {
        throw new Stop(Problem.damaged(file + ": line 1 is not a header"));
      }
      start(loc, header);
    } else {
      link(loc, record);
    }
    switch (record) {
      case Header h -> {
        if (log != null && !log.equals(h.log())) {
          fail(file + ": belongs to log " + h.log() + ", not to log " + log);
        }
        log = h.log();
        headerKey = h.key();
        every = h.checkpointEvery();
        seconds = h.checkpointSeconds();
        fileFirstSeq = h.seq();
        signature(loc, h, h.key(), h.sig());
      }
      case Checkpoint c -> {
        if (!c.log().equals(log)) {
          fail(file + ": " + where(loc, c) + ": belongs to log " + c.log() + ", not to log " + log);
        }
        if (!c.key().equals(headerKey)) {
          fail(file + ": " + where(loc, c) + ": signed by key " + c.key() + ", but the file's header names key "
              + headerKey);
        }
        checkpoints++;
        signature(loc, c, c.key(), c.sig());
      }
      case Entry e -> {
        entries++;
        allowed += e.event().allowed() ? 1 : 0;
        unsigned++;
        if (unsigned > every) {
          fail(file + ": " + where(loc, e) + ": " + unsigned + " entries since the last signed record ("
              + describe(lastSigned, loc) + "): a checkpoint is missing (the header promises one every " + every
              + " entries)");
        }
        firstTime = firstTime == null ? e.time() : firstTime;
        lastTime = e.time();
      }
      case Recovery r -> { }
    }
    for (Anchor anchor : anchors) {
      if (anchor.seq() == record.seq()) {
        if (!anchor.hash().equals(recordHash)) {
          fail("anchor seq " + anchor.seq() + ": " + file + " line " + loc.line() + " has hash " + recordHash
              + ", not " + anchor.hash() + ": the log was rewritten");
        }
        anchorsFound.add(anchor.seq());
      }
    }
    boolean isSigned = record instanceof Header || record instanceof Checkpoint;
    if (isSigned) {
      unsigned = 0;
      lastSigned = loc;
      lastSignedSeq = record.seq();
      lastSignedTime = record.time();
      unsignedAfter = 0;
    } else {
      unsignedAfter++;
    }
    signed = isSigned;
    hash = recordHash;
    seq = record.seq();
    at = loc;
    atType = typeName(record).substring(typeName(record).indexOf(' ') + 1);
    records++;
    firstSeq = firstSeq == null ? record.seq() : firstSeq;
  }

  private void start(Loc loc, Header header) {
    if (header.previousFile().isEmpty()) {
      if (header.seq() != 0 || !header.prev().equals(RecordCodec.genesis(header.log()))) {
        fail(name(loc.file()) + ": " + where(loc, header) + ": a genesis header must have seq 0 and the genesis prev");
      }
    } else {
      continuesFrom = header.previousFile();
    }
  }

  private void link(Loc loc, LogRecord record) {
    long expected = seq + 1;
    long s = record.seq();
    if (s == expected && record.prev().equals(hash)) {
      return;
    }
    String file = name(loc.file());
    if (loc.file() != at.file()) {
      String a = name(at.file());
      String detail;
      if (s > expected) {
        detail = file + " starts at seq " + s + " but " + a + " ends at seq " + seq + ": " + range(expected, s - 1)
            + " missing" + (record instanceof Header h && !h.previousFile().isEmpty()
                ? " (" + file + " continues from " + h.previousFile() + ": a file between them was deleted or not given)"
                : "");
      } else if (s < expected) {
        detail = file + " starts at seq " + s + ", not after " + a + "'s last seq " + seq
            + ": files given out of order, or overlapping";
      } else {
        detail = file + " does not continue from " + a + "'s last line (prev mismatch): that line was replaced, or "
            + file + " belongs to another chain";
      }
      fail("chain broken between " + a + " and " + file + ": " + detail);
    }
    if (s == expected) {
      fail(file + ": line " + at.line() + " (seq " + seq + "): edited (hash recomputed): line " + loc.line() + " (seq "
          + s + ") does not chain to it");
    }
    if (s > expected) {
      Optional<long[]> found = LogScan.findSeq(files, expected, loc.file(), loc.line());
      Optional<Loc> moved = found.map(fl -> new Loc((int) fl[0], fl[1]));
      if (moved.isPresent()) {
        Loc j = moved.get();
        if (j.file() == loc.file() && j.line() == loc.line() + 1 && s == expected + 1) {
          fail(file + ": lines " + loc.line() + " and " + j.line() + " reordered");
        }
        fail(name(j.file()) + ": line " + j.line() + " (seq " + expected + ") out of order: expected at "
            + (j.file() == loc.file() ? "" : file + " ") + "line " + loc.line());
      }
      fail(file + ": " + range(expected, s - 1) + " missing (" + (s - expected == 1 ? "deleted" : (s - expected)
          + " records deleted") + ") between lines " + at.line() + " and " + loc.line());
    }
    Optional<Long> chainedTo = LogScan.findHash(files.get(at.file()), record.prev(), at.line());
    if (chainedTo.isPresent()) {
      long first = chainedTo.get() + 1;
      fail(file + ": inserted " + (first == at.line() ? atType + " at line " + at.line()
          : "records at lines " + first + "–" + at.line()));
    }
    fail(file + ": line " + loc.line() + " (seq " + s + ") out of order: it follows seq " + seq + " (line " + at.line()
        + ")");
  }

  private void signature(Loc loc, LogRecord record, String key, String sig) {
    if (keys.isEmpty()) {
      return;
    }
    String what = name(loc.file()) + ": " + where(loc, record) + ": bad signature";
    PublicKey publicKey = keys.get(key);
    if (publicKey == null) {
      fail(what + ": signed by key " + key + ", not by the given public key " + String.join(", ", new TreeSet<>(keys.keySet())));
    }
    if (!LogKeys.verify(publicKey, RecordCodec.signedBytes(record), sig)) {
      fail(what);
    }
    signaturesChecked++;
  }

  private Summary summary() {
    return new Summary(files.size(), records, entries, allowed, entries - allowed, checkpoints, signaturesChecked,
        Optional.ofNullable(firstSeq), hash == null ? Optional.empty() : Optional.of(seq), Optional.ofNullable(firstTime),
        Optional.ofNullable(lastTime), Optional.ofNullable(continuesFrom),
        Optional.ofNullable(lastSigned).map(l -> name(l.file()) + " line " + l.line()), lastSignedSeq,
        Optional.ofNullable(lastSignedTime), unsignedAfter, recoveries);
  }

  private String name(int file) {
    return files.get(file).toString();
  }

  private String describe(Loc loc, Loc from) {
    return loc == null ? "none" : (loc.file() == from.file() ? "" : name(loc.file()) + " ") + "line " + loc.line();
  }

  private static String where(Loc loc, LogRecord record) {
    String position = "line " + loc.line() + " (seq " + record.seq() + ")";
    return switch (record) {
      case Header h -> "header at " + position;
      case Checkpoint c -> "checkpoint at " + position;
      case Recovery r -> "recovery record at " + position;
      case Entry e -> position;
    };
  }

  private static String typeName(LogRecord record) {
    return switch (record) {
      case Header h -> "a header";
      case Checkpoint c -> "a checkpoint";
      case Recovery r -> "a recovery record";
      case Entry e -> "an entry";
    };
  }

  private static String range(long from, long to) {
    return from == to ? "seq " + from : "seq " + from + "–" + to;
  }

  private static void fail(String message) {
    throw new Stop(Problem.damaged(message));
  }
}
