package dev.bulwark.enforce.log;

import static dev.bulwark.enforce.log.LogTesting.encode;
import static dev.bulwark.enforce.log.LogTesting.entry;
import static dev.bulwark.enforce.log.LogTesting.hash;
import static dev.bulwark.enforce.log.LogTesting.lines;
import static dev.bulwark.enforce.log.LogTesting.rechain;
import static dev.bulwark.enforce.log.LogTesting.record;
import static dev.bulwark.enforce.log.LogTesting.verify;
import static dev.bulwark.enforce.log.LogTesting.verifyChainOnly;
import static dev.bulwark.enforce.log.LogTesting.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.enforce.log.LogRecord.Checkpoint;
import dev.bulwark.enforce.log.LogRecord.Entry;
import dev.bulwark.enforce.log.Verification.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of tampering, on one log of 60 entries with a checkpoint every 20: line 1 is the
 * header (seq 0), lines 2–21 entries (seq 1–20), line 22 a checkpoint, …, line 64 the last
 * checkpoint (seq 63). Line n holds seq n − 1.
 */
class LogVerifierTest {
  @TempDir Path temp;
  Path file;
  PublicKey key;
  List<String> lines;

  @BeforeEach
  void writeLog() throws Exception {
    AuditLogOptions options = LogTesting.options(temp);
    LogTesting.write(options, 60).close();
    file = options.file();
    key = LogTesting.publicKey(options);
    lines = lines(file);
  }

  String problem() {
    Verification verification = verify(file, key);
    assertThat(verification.problem()).as("a problem is found").isPresent();
    return verification.problem().orElseThrow().message();
  }

  String problemWithoutKey() {
    return verifyChainOnly(file).problem().orElseThrow().message();
  }

  void save() throws Exception {
    write(file, lines);
  }

  @Test
  void theUntouchedLogIsIntact() {
    assertThat(lines).hasSize(64);
    assertThat(record(lines.get(21))).isInstanceOf(Checkpoint.class);
    assertThat(record(lines.get(63))).isInstanceOf(Checkpoint.class);
    Verification verification = verify(file, key);
    assertThat(verification.problem()).isEmpty();
    assertThat(verification.summary().entries()).isEqualTo(60);
    assertThat(verification.summary().checkpoints()).isEqualTo(3);
    assertThat(verification.summary().signaturesChecked()).isEqualTo(4);
    assertThat(verification.summary().denied()).isEqualTo(20);
    assertThat(verification.summary().unsignedAfter()).isZero();
  }

  @Test
  void noChangedLineDecodesAsValidAndNoneThrows() {
    java.util.Random random = new java.util.Random(5);
    for (String line : List.of(lines.get(0), lines.get(31), lines.get(63))) {
      byte[] original = line.getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 3000; i++) {
        byte[] changed = original.clone();
        int length = changed.length;
        switch (i % 3) {
          case 0 -> changed[random.nextInt(length)] = (byte) random.nextInt(256);
          case 1 -> changed[random.nextInt(length)] ^= (byte) (1 << random.nextInt(8));
          default -> length = random.nextInt(length);
        }
        RecordCodec.Decoded decoded = RecordCodec.decode(changed, length);
        if (length == original.length && java.util.Arrays.equals(changed, original)) {
          assertThat(decoded).isInstanceOf(RecordCodec.Valid.class);
        } else {
          assertThat(decoded).as("mutation %d of %s", i, line).isNotInstanceOf(RecordCodec.Valid.class);
        }
      }
    }
  }

  @Nested
  class Edits {
    @Test
    void oneFieldChangedIsAHashMismatchAtThatLine() throws Exception {
      lines.set(29, lines.get(29).replace("\"user\":\"alice\"", "\"user\":\"mallory\""));
      save();
      assertThat(problem()).isEqualTo(file + ": line 30 (seq 29): edited: hash mismatch");
    }

    @Test
    void aDenialTurnedIntoAnAllowIsCaught() throws Exception {
      assertThat(lines.get(31)).contains("\"decision\":\"deny\"");
      lines.set(31, lines.get(31).replace("\"decision\":\"deny\"", "\"decision\":\"allow\""));
      save();
      assertThat(problem()).isEqualTo(file + ": line 32 (seq 31): edited: hash mismatch");
    }

    @Test
    void anEditWithItsHashRecomputedBreaksTheNextLink() throws Exception {
      Entry original = entry(lines.get(29));
      AuditEvent e = original.event();
      AuditEvent forged = new AuditEvent("mallory", e.auth(), e.method(), e.uri(), e.action(), e.object(), e.problem(),
          e.allowed(), e.rules(), e.message(), e.warnings(), e.attributes());
      lines.set(29, encode(new Entry(original.seq(), original.time(), forged, original.prev())));
      save();
      assertThat(problem()).isEqualTo(file + ": line 30 (seq 29): edited (hash recomputed): line 31 (seq 30) does not"
          + " chain to it");
    }

    @Test
    void anEditWithTheWholeChainRecomputedFailsAtTheNextCheckpointSignature() throws Exception {
      lines.set(29, encode(LogTesting.relink(record(lines.get(29).replace("alice", "mallory")), 29,
          entry(lines.get(29)).prev())));
      rechain(lines, 30);
      save();
      assertThat(problem()).isEqualTo(file + ": checkpoint at line 43 (seq 42): bad signature");
      // The documented limit: without the public key, a rewritten chain is consistent.
      assertThat(verifyChainOnly(file).problem()).isEmpty();
    }

    @Test
    void theSameContentWrittenDifferentlyIsNotCanonical() throws Exception {
      lines.set(29, rehashed(lines.get(29).replace("\"user\":\"alice\",", "\"user\": \"alice\",")));
      save();
      assertThat(problem()).isEqualTo(file + ": line 30 (seq 29): edited: not in canonical form");
    }

    @Test
    void aDuplicatedKeyCannotChangeWhatALineSays() throws Exception {
      String line = lines.get(30);
      lines.set(30, rehashed(line.replace(",\"prev\":", ",\"decision\":\"allow\",\"prev\":")));
      save();
      assertThat(problem()).isEqualTo(file + ": line 31 (seq 30): edited: not in canonical form");
    }

    @Test
    void theLastLineIsCheckedToo() throws Exception {
      lines.set(63, lines.get(63).replace("\"type\":\"checkpoint\",\"time\":\"2026", "\"type\":\"checkpoint\",\"time\":\"2027"));
      save();
      assertThat(problem()).isEqualTo(file + ": checkpoint at line 64 (seq 63): edited: hash mismatch");
    }

    @Test
    void aLineThatIsNotARecordIsNamed() throws Exception {
      lines.add(29, "{\"seq\":29,\"type\":\"entry\"}");
      save();
      assertThat(problem()).isEqualTo(file + ": line 30: not a log record: no hash at the end of the line");
    }

    /** Recomputes the hash over the line's (non-canonical) bytes, as a careful forger would. */
    String rehashed(String line) {
      String body = line.substring(0, line.length() - RecordCodec.HASH_SUFFIX) + "}";
      String hash = RecordCodec.sha256(body.getBytes(StandardCharsets.UTF_8));
      return body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}";
    }
  }

  @Nested
  class Deletions {
    @Test
    void oneDeletedEntryIsAGapInTheSequence() throws Exception {
      lines.remove(29);
      save();
      assertThat(problem()).isEqualTo(file + ": seq 29 missing (deleted) between lines 29 and 30");
    }

    @Test
    void severalDeletedEntriesAreCounted() throws Exception {
      lines.subList(29, 32).clear();
      save();
      assertThat(problem()).isEqualTo(file + ": seq 29–31 missing (3 records deleted) between lines 29 and 30");
    }

    @Test
    void aDeletedCheckpointIsAGapToo() throws Exception {
      lines.remove(21);
      save();
      assertThat(problem()).isEqualTo(file + ": seq 21 missing (deleted) between lines 21 and 22");
    }

    @Test
    void aDeletedCheckpointWithTheChainRecomputedBreaksTheHeadersPromise() throws Exception {
      lines.remove(21);
      rechain(lines, 21);
      save();
      assertThat(problemWithoutKey()).isEqualTo(file + ": line 22 (seq 21): 21 entries since the last signed record"
          + " (line 1): a checkpoint is missing (the header promises one every 20 entries)");
    }

    @Test
    void theDeletedHeaderIsNamed() throws Exception {
      lines.remove(0);
      save();
      assertThat(problem()).isEqualTo(file + ": line 1 (seq 1) is an entry, not a header: the header was deleted");
    }

    @Test
    void aTailCutAtALineBoundaryIsOnlyVisibleAsAnUnsignedTailOrThroughAnAnchor() throws Exception {
      String lastCheckpoint = lines.get(63);
      lines.subList(58, 64).clear();
      save();
      Verification verification = verify(file, key);
      assertThat(verification.problem()).isEmpty();
      assertThat(verification.summary().unsignedAfter()).isEqualTo(15);
      assertThat(verification.summary().lastSignedSeq()).isEqualTo(42);
      Verification anchored = LogVerifier.verify(List.of(file), Map.of(LogKeys.keyId(key), key),
          List.of(new LogVerifier.Anchor(63, hash(lastCheckpoint))));
      assertThat(anchored.problem().orElseThrow().message())
          .isEqualTo("anchor seq 63: not in the log, which ends at seq 57: its tail was cut off");
    }

    @Test
    void anAnchorWhoseHashDiffersShowsARewrite() {
      Verification anchored = LogVerifier.verify(List.of(file), Map.of(), List.of(new LogVerifier.Anchor(42,
          "0".repeat(64))));
      assertThat(anchored.problem().orElseThrow().message()).isEqualTo("anchor seq 42: " + file + " line 43 has hash "
          + hash(lines.get(42)) + ", not " + "0".repeat(64) + ": the log was rewritten");
    }

    @Test
    void aTailCutInsideALineIsATornWrite() throws Exception {
      String kept = String.join("\n", lines.subList(0, 58)) + "\n" + lines.get(58).substring(0, 40);
      Files.writeString(file, kept);
      Verification verification = verify(file, key);
      assertThat(verification.problem().orElseThrow().kind()).isEqualTo(Kind.TORN);
      assertThat(verification.problem().orElseThrow().message())
          .isEqualTo(file + ": line 59: torn: the last line is incomplete (40 bytes, no newline): a write was interrupted");
    }
  }

  @Nested
  class InsertionsAndReordering {
    @Test
    void aForgedEntryWithAValidHashIsCaughtByTheNextLink() throws Exception {
      Entry after = entry(lines.get(29));
      Entry forged = new Entry(after.seq() + 1, after.time(), LogTesting.event(999), hash(lines.get(29)));
      lines.add(30, encode(forged));
      save();
      assertThat(problem()).isEqualTo(file + ": inserted entry at line 31");
    }

    @Test
    void aForgedEntryWithTheChainRecomputedBreaksTheCheckpointPromise() throws Exception {
      Entry after = entry(lines.get(29));
      lines.add(30, encode(new Entry(after.seq() + 1, after.time(), LogTesting.event(999), hash(lines.get(29)))));
      rechain(lines, 31);
      save();
      assertThat(problem()).isEqualTo(file + ": line 43 (seq 42): 21 entries since the last signed record (line 22):"
          + " a checkpoint is missing (the header promises one every 20 entries)");
    }

    @Test
    void aForgedEntryReplacingOneWithTheChainRecomputedFailsTheSignature() throws Exception {
      Entry original = entry(lines.get(29));
      lines.set(29, encode(new Entry(original.seq(), original.time(), LogTesting.event(999), original.prev())));
      rechain(lines, 30);
      save();
      assertThat(problem()).isEqualTo(file + ": checkpoint at line 43 (seq 42): bad signature");
    }

    @Test
    void twoSwappedEntriesAreReordered() throws Exception {
      String line = lines.get(29);
      lines.set(29, lines.get(30));
      lines.set(30, line);
      save();
      assertThat(problem()).isEqualTo(file + ": lines 30 and 31 reordered");
    }

    @Test
    void anEntryMovedDownIsOutOfOrder() throws Exception {
      String moved = lines.remove(29);
      lines.add(34, moved);
      save();
      assertThat(problem()).isEqualTo(file + ": line 35 (seq 29) out of order: expected at line 30");
    }

    @Test
    void aHeaderInsideTheFileIsInserted() throws Exception {
      lines.add(10, lines.get(0));
      save();
      assertThat(problem()).isEqualTo(file + ": header at line 11 (seq 0): a header inside the file: inserted");
    }
  }

  @Nested
  class Signatures {
    @Test
    void aChangedSignatureWithoutANewHashIsAnEdit() throws Exception {
      lines.set(21, changeSignature(lines.get(21)));
      save();
      assertThat(problem()).isEqualTo(file + ": checkpoint at line 22 (seq 21): edited: hash mismatch");
    }

    @Test
    void aChangedSignatureWithANewHashIsABadSignature() throws Exception {
      Checkpoint c = (Checkpoint) record(lines.get(63));
      String sig = c.sig();
      String other = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
      lines.set(63, encode(new Checkpoint(c.seq(), c.time(), c.log(), c.key(), c.prev(), other)));
      save();
      assertThat(problem()).isEqualTo(file + ": checkpoint at line 64 (seq 63): bad signature");
      assertThat(verifyChainOnly(file).problem()).isEmpty();
    }

    @Test
    void anotherPublicKeyIsNamed() throws Exception {
      PublicKey other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
      String problem = verify(file, other).problem().orElseThrow().message();
      assertThat(problem).isEqualTo(file + ": header at line 1 (seq 0): bad signature: signed by key "
          + LogKeys.keyId(key) + ", not by the given public key " + LogKeys.keyId(other));
    }

    @Test
    void anotherKeyPretendingToBeTheRightOneFails() throws Exception {
      PublicKey other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
      Verification verification = LogVerifier.verify(List.of(file), Map.of(LogKeys.keyId(key), other), List.of());
      assertThat(verification.problem().orElseThrow().message())
          .isEqualTo(file + ": header at line 1 (seq 0): bad signature");
    }

    String changeSignature(String line) {
      int at = line.indexOf("\"sig\":\"") + 7;
      char c = line.charAt(at);
      return line.substring(0, at) + (c == 'A' ? 'B' : 'A') + line.substring(at + 1);
    }
  }
}
