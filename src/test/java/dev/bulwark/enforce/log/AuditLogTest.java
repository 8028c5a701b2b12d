package dev.bulwark.enforce.log;

import static dev.bulwark.enforce.log.LogTesting.event;
import static dev.bulwark.enforce.log.LogTesting.lines;
import static dev.bulwark.enforce.log.LogTesting.publicKey;
import static dev.bulwark.enforce.log.LogTesting.record;
import static dev.bulwark.enforce.log.LogTesting.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.enforce.Decision;
import dev.bulwark.enforce.GuardRequest;
import dev.bulwark.enforce.log.LogRecord.Checkpoint;
import dev.bulwark.enforce.log.LogRecord.Entry;
import dev.bulwark.enforce.log.LogRecord.Header;
import dev.bulwark.enforce.log.LogRecord.Recovery;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path temp;

  AuditLogOptions options() {
    return LogTesting.options(temp);
  }

  @Nested
  class Writing {
    @Test
    void theFirstLineIsASignedGenesisHeader() throws Exception {
      AuditLogOptions options = options();
      LogTesting.write(options, 1).close();
      Header header = (Header) record(lines(options.file()).getFirst());
      assertThat(header.seq()).isZero();
      assertThat(header.previousFile()).isEmpty();
      assertThat(header.prev()).isEqualTo(RecordCodec.genesis(header.log()));
      assertThat(header.checkpointEvery()).isEqualTo(20);
      assertThat(LogKeys.verify(publicKey(options), RecordCodec.signedBytes(header), header.sig())).isTrue();
    }

    @Test
    void aGuardDecisionIsRecordedAsGiven() throws Exception {
      AuditLogOptions options = options();
      GuardRequest request = new GuardRequest(Instant.now(), Optional.of("bob"), "TLS", "POST",
          "/v1.47/containers/create", "container.create", Optional.<Subject>empty(), "image=alpine privileged=true",
          Optional.empty(), Map.of("image", "alpine"));
      try (AuditLog log = AuditLog.open(options)) {
        assertThat(log.append(request, Decision.deny(List.of("docker.privileged"), "no --privileged"))).isEqualTo(1);
      }
      List<String> lines = lines(options.file());
      assertThat(lines.get(1)).startsWith("{\"seq\":1,\"type\":\"entry\",\"time\":\"2026-01-02T03:04:05.001Z\","
          + "\"user\":\"bob\",\"auth\":\"TLS\",\"method\":\"POST\",\"uri\":\"/v1.47/containers/create\","
          + "\"action\":\"container.create\",\"object\":\"image=alpine privileged=true\",\"problem\":\"\","
          + "\"decision\":\"deny\",\"rules\":[\"docker.privileged\"],\"message\":\"no --privileged\",\"warnings\":[],"
          + "\"attributes\":{\"image\":\"alpine\"},\"prev\":\"");
      assertThat(verify(options.file(), publicKey(options)).intact()).isTrue();
    }

    @Test
    void checkpointsFollowEveryNEntriesAndClose() throws Exception {
      AuditLogOptions options = options();
      LogTesting.write(options, 45).close();
      List<String> lines = lines(options.file());
      // header, 20 entries, checkpoint, 20 entries, checkpoint, 5 entries, closing checkpoint
      assertThat(lines).hasSize(1 + 20 + 1 + 20 + 1 + 5 + 1);
      assertThat(record(lines.get(21))).isInstanceOf(Checkpoint.class);
      assertThat(record(lines.get(42))).isInstanceOf(Checkpoint.class);
      assertThat(record(lines.getLast())).isInstanceOf(Checkpoint.class);
      Verification verification = verify(options.file(), publicKey(options));
      assertThat(verification.problem()).isEmpty();
      assertThat(verification.summary().signaturesChecked()).isEqualTo(4);
      assertThat(verification.summary().unsignedAfter()).isZero();
    }

    @Test
    void aCheckpointIsWrittenWhenTheIntervalPassesWithEntriesWaiting() throws Exception {
      AuditLogOptions options = options().withCheckpoints(1000, Duration.ofMillis(50));
      try (AuditLog log = AuditLog.open(options)) {
        log.append(event(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (lines(options.file()).size() < 3 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(record(lines(options.file()).get(2))).isInstanceOf(Checkpoint.class);
      }
    }

    @Test
    void longValuesAreCutAndMarkedNeverDropped() throws Exception {
      AuditLogOptions options = options();
      String huge = "\u0001".repeat(100_000);
      AuditEvent bounded = AuditEvent.of(new GuardRequest(Instant.now(), Optional.of(huge), huge, huge, huge, huge,
          Optional.empty(), huge, Optional.of(huge), java.util.stream.IntStream.range(0, 100).boxed()
              .collect(java.util.stream.Collectors.toMap(i -> "k%02d".formatted(i), i -> huge))),
          new Decision(false, Collections.nCopies(100, huge), huge, Collections.nCopies(100, huge)));
      assertThat(bounded.message()).hasSize(AuditEvent.MESSAGE - 32 + "…[truncated 97984 chars]".length())
          .endsWith("…[truncated 97984 chars]");
      assertThat(bounded.rules()).hasSize(AuditEvent.RULES).last().isEqualTo("…[69 more]");
      assertThat(bounded.attributes()).hasSize(AuditEvent.ATTRIBUTES).containsEntry("…", "[85 more]");
      AuditEvent again = new AuditEvent(bounded.user(), bounded.auth(), bounded.method(), bounded.uri(),
          bounded.action(), bounded.object(), bounded.problem(), bounded.allowed(), bounded.rules(), bounded.message(),
          bounded.warnings(), bounded.attributes());
      assertThat(again).as("bounding is idempotent").isEqualTo(bounded);
      try (AuditLog log = AuditLog.open(options)) {
        log.append(bounded);
      }
      int longest = lines(options.file()).stream().mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length).max()
          .orElseThrow();
      assertThat(longest).isLessThan(RecordCodec.MAX_LINE_BYTES);
      assertThat(verify(options.file(), publicKey(options)).intact()).isTrue();
    }

    @Test
    void unpairedSurrogatesAndControlCharactersRoundTrip() throws Exception {
      AuditLogOptions options = options();
      AuditEvent odd = AuditEvent.of(new GuardRequest(Instant.now(), Optional.of("a\uD800b\"\\\n\t\u007f😀"), "", "",
          "", "", Optional.empty(), "", Optional.empty(), Map.of()), Decision.allow(List.of()));
      assertThat(odd.user()).isEqualTo("a\uFFFDb\"\\\n\t\u007f😀");
      try (AuditLog log = AuditLog.open(options)) {
        log.append(odd);
      }
      Entry entry = (Entry) record(lines(options.file()).get(1));
      assertThat(entry.event().user()).isEqualTo(odd.user());
      assertThat(lines(options.file()).get(1)).contains("\"user\":\"a\uFFFDb\\\"\\\\\\n\\t\u007f😀\"");
      assertThat(verify(options.file(), publicKey(options)).intact()).isTrue();
    }

    @Test
    void aClosedLogRefusesAppends() {
      AuditLog log = LogTesting.write(options(), 1);
      log.close();
      assertThatThrownBy(() -> log.append(event(2))).isInstanceOf(AuditLogException.class).hasMessageContaining("closed");
    }

    @Test
    void aFailedWriteFailsThisAndEveryLaterAppend() throws Exception {
      AuditLog log = LogTesting.write(options(), 1);
      var writerField = AuditLog.class.getDeclaredField("writer");
      writerField.setAccessible(true);
      var field = GroupCommit.class.getDeclaredField("channel");
      field.setAccessible(true);
      ((FileChannel) field.get(writerField.get(log))).close(); // the disk goes away
      assertThatThrownBy(() -> log.append(event(2))).isInstanceOf(AuditLogException.class)
          .hasMessageStartingWith("cannot write the audit log " + options().file());
      assertThatThrownBy(() -> log.append(event(3))).isInstanceOf(AuditLogException.class)
          .hasMessageContaining("every request is denied until the guard is restarted");
      log.close();
    }

    @Test
    void aSecondWriterOnTheSameLogIsRefused() {
      try (AuditLog first = AuditLog.open(options())) {
        assertThatThrownBy(() -> AuditLog.open(options())).isInstanceOf(AuditLogException.class)
            .hasMessageContaining("is in use by another process");
        first.append(event(1));
      }
    }
  }

  @Nested
  class Keys {
    @Test
    void theKeyIsCreatedPrivateWithItsPublicHalfBeside() throws Exception {
      AuditLogOptions options = options();
      LogTesting.write(options, 1).close();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(options.privateKeyFile())))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(options.privateKeyFile().getParent())))
          .isEqualTo("rwx------");
      assertThat(Files.readString(options.privateKeyFile())).startsWith("-----BEGIN PRIVATE KEY-----\n");
      Path publicFile = temp.resolve("keys/audit-signing-key.pub.pem");
      assertThat(Files.readString(publicFile)).startsWith("-----BEGIN PUBLIC KEY-----\n");
      assertThat(LogKeys.keyId(LogKeys.readPublicKey(publicFile))).isEqualTo(LogKeys.keyId(publicKey(options)));
    }

    @Test
    void theSameKeyIsUsedAgain() {
      AuditLogOptions options = options();
      String first;
      try (AuditLog log = AuditLog.open(options)) {
        first = log.keyId();
      }
      try (AuditLog log = AuditLog.open(options)) {
        assertThat(log.keyId()).isEqualTo(first);
      }
    }

    @Test
    void aKeyOthersCanReadIsRefused() throws Exception {
      AuditLogOptions options = options();
      LogTesting.write(options, 1).close();
      Files.setPosixFilePermissions(options.privateKeyFile(), PosixFilePermissions.fromString("rw-r--r--"));
      assertThatThrownBy(() -> AuditLog.open(options)).isInstanceOf(InputException.class).hasMessage(
          "private key " + options.privateKeyFile() + " has mode rw-r--r--; it must be readable by its owner only"
              + " (chmod 600 " + options.privateKeyFile() + ")");
    }

    @Test
    void aPublicKeyOfAnotherPairIsRefused() throws Exception {
      AuditLogOptions options = options();
      LogTesting.write(options, 1).close();
      Path other = temp.resolve("other/key.pem");
      LogKeys.loadOrCreate(other);
      Files.copy(LogKeys.publicKeyFile(other), LogKeys.publicKeyFile(options.privateKeyFile()),
          StandardCopyOption.REPLACE_EXISTING);
      assertThatThrownBy(() -> AuditLog.open(options)).hasMessageContaining("does not belong to the private key");
    }
  }

  @Nested
  class Resuming {
    @Test
    void aCleanlyClosedLogContinuesWithoutARecoveryRecord() throws Exception {
      AuditLogOptions options = options();
      LogTesting.write(options, 5).close();
      try (AuditLog log = AuditLog.open(options)) {
        assertThat(log.append(event(6))).isEqualTo(7); // header 0, entries 1–5, checkpoint 6
      }
      assertThat(lines(options.file()).stream().map(LogTesting::record).filter(Recovery.class::isInstance)).isEmpty();
      Verification verification = verify(options.file(), publicKey(options));
      assertThat(verification.problem()).isEmpty();
      assertThat(verification.summary().entries()).isEqualTo(6);
    }

    @Test
    void aLogLeftByACrashGetsARecoveryRecordAndACheckpoint() throws Exception {
      AuditLogOptions options = options();
      Path crashed = temp.resolve("crashed");
      try (AuditLog _ = LogTesting.write(options, 5)) {
        Files.copy(options.file(), crashed); // what the disk holds if the process dies now
      }
      Files.copy(crashed, options.file(), StandardCopyOption.REPLACE_EXISTING);
      try (AuditLog log = AuditLog.open(options)) {
        log.append(event(6));
      }
      List<String> lines = lines(options.file());
      assertThat(record(lines.get(6))).isEqualTo(new Recovery(6, ((Recovery) record(lines.get(6))).time(), 5, 0, "",
          LogTesting.hash(lines.get(5))));
      assertThat(record(lines.get(7))).isInstanceOf(Checkpoint.class);
      Verification verification = verify(options.file(), publicKey(options));
      assertThat(verification.problem()).isEmpty();
      assertThat(verification.summary().recoveries()).containsExactly(options.file() + " line 7: writer resumed"
          + " after an unclean stop; 5 unsigned record(s) before it");
    }

    @Test
    void aTornLastLineIsReportedThenKeptAndNamedWhenTheWriterResumes() throws Exception {
      AuditLogOptions options = options();
      String torn;
      try (AuditLog _ = LogTesting.write(options, 5)) {
        List<String> lines = lines(options.file());
        torn = lines.getLast().substring(0, 100);
        Files.writeString(temp.resolve("crashed"), String.join("\n", lines) + "\n" + torn);
      }
      Files.copy(temp.resolve("crashed"), options.file(), StandardCopyOption.REPLACE_EXISTING);
      assertThat(verify(options.file(), publicKey(options)).problem().orElseThrow().message())
          .isEqualTo(options.file() + ": line 7: torn: the last line is incomplete (100 bytes, no newline): a write"
              + " was interrupted");

      try (AuditLog log = AuditLog.open(options)) {
        log.append(event(6));
      }
      List<String> lines = lines(options.file());
      assertThat(lines.get(6)).isEqualTo(torn);
      Recovery recovery = (Recovery) record(lines.get(7));
      assertThat(recovery.seq()).isEqualTo(6);
      assertThat(recovery.tornBytes()).isEqualTo(100);
      assertThat(recovery.tornSha256()).isEqualTo(RecordCodec.sha256(torn.getBytes(StandardCharsets.UTF_8)));
      assertThat(recovery.prev()).isEqualTo(LogTesting.hash(lines.get(5)));
      Verification verification = verify(options.file(), publicKey(options));
      assertThat(verification.problem()).isEmpty();
      assertThat(verification.summary().recoveries()).containsExactly(options.file() + " line 8: torn write of 100"
          + " bytes at line 7 kept and skipped; 5 unsigned record(s) before it");
    }

    @Test
    void aTornLastLineIsRefusedWhenRepairIsOff() throws Exception {
      AuditLogOptions options = options().withRepairTornTail(false);
      LogTesting.write(options, 3).close();
      Files.writeString(options.file(), "{\"seq\":5,\"ty", java.nio.file.StandardOpenOption.APPEND);
      assertThatThrownBy(() -> AuditLog.open(options)).isInstanceOf(AuditLogException.class)
          .hasMessageContaining("is damaged, so nothing will be appended to it: " + options.file()
              + ": line 6: torn");
    }

    @Test
    void aWholeLastRecordWithoutItsNewlineIsCompleted() throws Exception {
      AuditLogOptions options = options();
      LogTesting.write(options, 3).close();
      String content = Files.readString(options.file());
      Files.writeString(options.file(), content.substring(0, content.length() - 1));
      assertThat(verify(options.file(), publicKey(options)).problem().orElseThrow().kind())
          .isEqualTo(Verification.Kind.UNTERMINATED);
      try (AuditLog log = AuditLog.open(options)) {
        log.append(event(4));
      }
      assertThat(verify(options.file(), publicKey(options)).problem()).isEmpty();
    }

    @Test
    void aDamagedLogIsRefused() throws Exception {
      AuditLogOptions options = options();
      LogTesting.write(options, 5).close();
      List<String> lines = lines(options.file());
      lines.set(3, lines.get(3).replace("alice", "carol"));
      LogTesting.write(options.file(), lines);
      assertThatThrownBy(() -> AuditLog.open(options)).isInstanceOf(AuditLogException.class).hasMessage(
          "the audit log " + options.file() + " is damaged, so nothing will be appended to it: " + options.file()
              + ": line 4 (seq 3): edited: hash mismatch. Keep it as evidence: check it with `bulwark log verify`,"
              + " move it aside (a new log then starts), and start again");
    }

    @Test
    void aNewKeyOrPolicyStartsANewFileLinkedToTheOld() throws Exception {
      AuditLogOptions options = options();
      LogTesting.write(options, 5).close();
      AuditLogOptions changed = options.withCheckpoints(50, Duration.ofHours(1));
      try (AuditLog log = AuditLog.open(changed)) {
        log.append(event(6));
      }
      Path rotated = LogFiles.rotatedName(options.file(), 0);
      assertThat(rotated).exists();
      Header header = (Header) record(lines(options.file()).getFirst());
      assertThat(header.checkpointEvery()).isEqualTo(50);
      assertThat(header.previousFile()).isEqualTo(rotated.getFileName().toString());
      assertThat(verify(List.of(rotated, options.file()), publicKey(options)).problem()).isEmpty();
    }

    @Test
    void aNewKeyStartsANewFileAndSignsNothingInTheOldOne() throws Exception {
      AuditLogOptions options = options();
      Path crashed = temp.resolve("crashed");
      try (AuditLog _ = LogTesting.write(options, 5)) {
        Files.copy(options.file(), crashed);
      }
      Files.copy(crashed, options.file(), StandardCopyOption.REPLACE_EXISTING);
      var oldKey = publicKey(options);
      Files.delete(options.privateKeyFile());
      Files.delete(LogKeys.publicKeyFile(options.privateKeyFile()));
      try (AuditLog log = AuditLog.open(options)) {
        log.append(event(6));
      }
      var newKey = publicKey(options);
      Path rotated = LogFiles.rotatedName(options.file(), 0);
      List<String> old = lines(rotated);
      assertThat(record(old.getLast())).isInstanceOf(Recovery.class);
      assertThat(old.stream().map(LogTesting::record).filter(Checkpoint.class::isInstance)).isEmpty();
      Verification verification = LogVerifier.verify(List.of(rotated, options.file()),
          Map.of(LogKeys.keyId(oldKey), oldKey, LogKeys.keyId(newKey), newKey), List.of());
      assertThat(verification.problem()).isEmpty();
      assertThat(verify(List.of(rotated, options.file()), newKey).problem().orElseThrow().message())
          .isEqualTo(rotated + ": header at line 1 (seq 0): bad signature: signed by key " + LogKeys.keyId(oldKey)
              + ", not by the given public key " + LogKeys.keyId(newKey));
    }
  }

  @Nested
  class Rotation {
    AuditLogOptions small() {
      return options().withMaxFileBytes(AuditLogOptions.MIN_FILE_BYTES);
    }

    List<Path> writeRotated() {
      LogTesting.write(small(), 40).close();
      return LogFiles.expand(List.of(temp));
    }

    @Test
    void filesRotateBySizeAndTheChainContinuesAcrossThem() throws Exception {
      List<Path> files = writeRotated();
      assertThat(files.size()).isGreaterThan(3);
      assertThat(files.getLast()).isEqualTo(small().file());
      assertThat(files.getFirst()).isEqualTo(temp.resolve("audit.log.000000000000"));
      for (int i = 1; i < files.size(); i++) {
        Header header = (Header) record(lines(files.get(i)).getFirst());
        assertThat(header.previousFile()).isEqualTo(files.get(i - 1).getFileName().toString());
        assertThat(header.prev()).isEqualTo(LogTesting.hash(lines(files.get(i - 1)).getLast()));
        assertThat(files.get(i - 1).getFileName().toString()).endsWith(String.format(".%012d",
            record(lines(files.get(i - 1)).getFirst()).seq()));
        assertThat(record(lines(files.get(i - 1)).getLast())).isInstanceOf(Checkpoint.class);
      }
      Verification verification = verify(files, publicKey(small()));
      assertThat(verification.problem()).isEmpty();
      assertThat(verification.summary().entries()).isEqualTo(40);
      assertThat(verification.summary().files()).isEqualTo(files.size());
    }

    @Test
    void aMissingMiddleFileIsNamed() throws Exception {
      List<Path> files = new ArrayList<>(writeRotated());
      Path gone = files.remove(1);
      Files.delete(gone);
      long firstOfGone = Long.parseLong(gone.getFileName().toString().substring("audit.log.".length()));
      long firstOfNext = record(lines(files.get(1)).getFirst()).seq();
      assertThat(verify(LogFiles.expand(List.of(temp)), publicKey(small())).problem().orElseThrow().message())
          .isEqualTo("chain broken between " + files.get(0) + " and " + files.get(1) + ": " + files.get(1)
              + " starts at seq " + firstOfNext + " but " + files.get(0) + " ends at seq " + (firstOfGone - 1)
              + ": seq " + firstOfGone + "–" + (firstOfNext - 1) + " missing (" + files.get(1) + " continues from "
              + gone.getFileName() + ": a file between them was deleted or not given)");
    }

    @Test
    void filesGivenOutOfOrderAreNamed() {
      List<Path> files = new ArrayList<>(writeRotated());
      Collections.swap(files, 1, 2);
      assertThat(verify(files, publicKey(small())).problem().orElseThrow().message())
          .startsWith("chain broken between " + files.get(0) + " and " + files.get(1) + ": ");
      assertThat(verify(files.subList(1, files.size()), publicKey(small())).problem().orElseThrow().message())
          .endsWith("files given out of order, or overlapping");
    }

    @Test
    void theNewestFilesAloneVerifyAsContinuingFromAnOlderOne() {
      List<Path> files = writeRotated();
      Verification verification = verify(files.subList(2, files.size()), publicKey(small()));
      assertThat(verification.problem()).isEmpty();
      assertThat(verification.summary().continuesFrom()).contains(files.get(1).getFileName().toString());
    }

    @Test
    void aCrashBetweenRenameAndNewFileContinuesFromTheRotatedFile() throws Exception {
      List<Path> files = writeRotated();
      Files.move(small().file(), temp.resolve("elsewhere")); // as if the new file had not been created yet
      try (AuditLog log = AuditLog.open(small())) {
        log.append(event(41));
      }
      List<Path> after = new ArrayList<>(files.subList(0, files.size() - 1));
      after.add(small().file());
      assertThat(verify(after, publicKey(small())).problem()).isEmpty();
    }
  }
}
