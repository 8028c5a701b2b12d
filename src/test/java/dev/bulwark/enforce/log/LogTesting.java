package dev.bulwark.enforce.log;

import dev.bulwark.enforce.log.LogRecord.Checkpoint;
import dev.bulwark.enforce.log.LogRecord.Entry;
import dev.bulwark.enforce.log.LogRecord.Header;
import dev.bulwark.enforce.log.LogRecord.Recovery;
import dev.bulwark.testing.TickingClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds logs through the API and tampers with them line by line. */
final class LogTesting {
  static final Instant START = Instant.parse("2026-01-02T03:04:05Z");

  private LogTesting() {}

  /** A checkpoint every 20 entries, none by time during a test, a ticking clock. */
  static AuditLogOptions options(Path directory) {
    return AuditLogOptions.defaults(directory.resolve("audit.log"), directory.resolve("keys/audit-signing-key.pem"))
        .withCheckpoints(20, Duration.ofHours(1))
        .withClock(new TickingClock(START, Duration.ofMillis(1)));
  }

  static AuditEvent event(int i) {
    boolean allowed = i % 3 != 0;
    return new AuditEvent("alice", "TLS", "POST", "/v1.47/containers/create?name=c" + i, "container.create",
        "image=alpine:3.20 privileged=" + !allowed, "", allowed,
        allowed ? List.of() : List.of("docker.privileged"),
        allowed ? "" : "denied by docker.privileged: privileged containers are root on the host; drop --privileged",
        List.of(), Map.of("requestId", "r" + i));
  }

  /** Writes {@code count} entries (events 1..count) and closes the log. */
  static AuditLog write(AuditLogOptions options, int count) {
    AuditLog log = AuditLog.open(options);
    for (int i = 1; i <= count; i++) {
      log.append(event(i));
    }
    return log;
  }

  static PublicKey publicKey(AuditLogOptions options) {
    return LogKeys.readPublicKey(LogKeys.publicKeyFile(options.privateKeyFile()));
  }

  static Verification verify(List<Path> files, PublicKey key) {
    return LogVerifier.verify(files, Map.of(LogKeys.keyId(key), key), List.of());
  }

  static Verification verify(Path file, PublicKey key) {
    return verify(List.of(file), key);
  }

  static Verification verifyChainOnly(Path... files) {
    return LogVerifier.verify(List.of(files), Map.of(), List.of());
  }

  static List<String> lines(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  static void write(Path file, List<String> lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  static LogRecord record(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return switch (RecordCodec.decode(bytes, bytes.length)) {
      case RecordCodec.Valid v -> v.record();
      case RecordCodec.Edited e -> e.record();
      case RecordCodec.Invalid i -> throw new IllegalArgumentException(i.reason());
    };
  }

  static String hash(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return RecordCodec.storedHash(bytes, bytes.length);
  }

  static String encode(LogRecord record) {
    return new String(RecordCodec.encode(record).bytes(), StandardCharsets.UTF_8);
  }

  /** The record with another seq and prev (the rest, signature included, unchanged). */
  static LogRecord relink(LogRecord record, long seq, String prev) {
    return switch (record) {
      case Header h -> new Header(seq, h.time(), h.log(), h.previousFile(), h.checkpointEvery(), h.checkpointSeconds(),
          h.key(), prev, h.sig());
      case Entry e -> new Entry(seq, e.time(), e.event(), prev);
      case Checkpoint c -> new Checkpoint(seq, c.time(), c.log(), c.key(), prev, c.sig());
      case Recovery r -> new Recovery(seq, r.time(), r.unsigned(), r.tornBytes(), r.tornSha256(), prev);
    };
  }

  /**
   * What an attacker who can write the file but not sign does after changing it: re-numbers and
   * re-chains every line from {@code from} (0-based) on, recomputing every hash.
   */
  static void rechain(List<String> lines, int from) {
    LogRecord previous = record(lines.get(from - 1));
    long seq = previous.seq();
    String prev = hash(lines.get(from - 1));
    for (int i = from; i < lines.size(); i++) {
      String line = encode(relink(record(lines.get(i)), ++seq, prev));
      lines.set(i, line);
      prev = hash(line);
    }
  }

  static Entry entry(String line) {
    return (Entry) record(line);
  }
}
