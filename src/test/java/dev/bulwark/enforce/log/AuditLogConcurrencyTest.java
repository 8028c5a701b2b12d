package dev.bulwark.enforce.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.enforce.log.LogRecord.Entry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Many request threads appending at once: nothing lost, nothing reordered, file order is sequence order. */
class AuditLogConcurrencyTest {
  static final int THREADS = 8;
  static final int APPENDS = 2000;

  @TempDir Path temp;

  @ParameterizedTest
  @EnumSource(Durability.class)
  void eightThreadsOfTwoThousandAppendsGiveAGaplessOrderedChain(Durability durability) throws Exception {
    AuditLogOptions options = LogTesting.options(temp).withCheckpoints(1000, Duration.ofMillis(200))
        .withMaxFileBytes(1 << 20).withDurability(durability, Duration.ofMillis(50));
    List<List<Long>> returned = new ArrayList<>();
    try (AuditLog log = AuditLog.open(options); ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          go.await();
          List<Long> seqs = new ArrayList<>();
          for (int i = 0; i < APPENDS; i++) {
            AuditEvent e = LogTesting.event(i);
            seqs.add(log.append(new AuditEvent(e.user(), e.auth(), e.method(), e.uri(), e.action(), e.object(),
                e.problem(), e.allowed(), e.rules(), e.message(), e.warnings(), Map.of("request", thread + "-" + i))));
          }
          return seqs;
        }));
      }
      go.countDown();
      for (Future<List<Long>> future : futures) {
        returned.add(future.get());
      }
    }

    List<Path> files = LogFiles.expand(List.of(temp));
    assertThat(files.size()).as("rotation happened under load").isGreaterThan(2);
    Verification verification = LogTesting.verify(files, LogTesting.publicKey(options));
    assertThat(verification.problem()).isEmpty();
    assertThat(verification.summary().entries()).isEqualTo(THREADS * APPENDS);

    Map<Long, String> requestBySeq = new HashMap<>();
    Map<Integer, Integer> lastIndexByThread = new HashMap<>();
    long previousSeq = -1;
    Instant previousTime = Instant.MIN;
    for (Path file : files) {
      for (String line : LogTesting.lines(file)) {
        LogRecord record = LogTesting.record(line);
        assertThat(record.seq()).isEqualTo(previousSeq + 1);
        assertThat(record.time()).isAfter(previousTime);
        previousSeq = record.seq();
        previousTime = record.time();
        if (record instanceof Entry entry) {
          String request = entry.event().attributes().get("request");
          requestBySeq.put(entry.seq(), request);
          int thread = Integer.parseInt(request.substring(0, request.indexOf('-')));
          int index = Integer.parseInt(request.substring(request.indexOf('-') + 1));
          assertThat(index).as("thread %d's appends in its own order", thread)
              .isEqualTo(lastIndexByThread.getOrDefault(thread, -1) + 1);
          lastIndexByThread.put(thread, index);
        }
      }
    }
    for (int t = 0; t < THREADS; t++) {
      List<Long> seqs = returned.get(t);
      for (int i = 0; i < APPENDS; i++) {
        assertThat(requestBySeq.get(seqs.get(i))).as("the seq append returned holds that request")
            .isEqualTo(t + "-" + i);
      }
    }
    assertThat(requestBySeq).hasSize(THREADS * APPENDS);
  }
}
