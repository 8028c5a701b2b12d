package dev.bulwark.enforce.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Append latency and throughput (bench/guard-log.sh runs it; not a test). Two loads per durability:
 * open loop at a fixed rate (arrivals on a schedule, handed to a pool of request threads; latency
 * counted from the scheduled arrival, so queueing shows), and closed loop at the maximum rate with
 * N threads. Each run's log is verified afterwards: every append present, in order.
 *
 * <p>usage: AuditLogBench DIR [RATE] [SECONDS] [THREADS...]
 */
public final class AuditLogBench {
  private static final int REQUEST_THREADS = 32;

  private AuditLogBench() {}

  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    List<Integer> threads = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      threads.add(Integer.parseInt(args[i]));
    }
    if (threads.isEmpty()) {
      threads = List.of(1, 8, 32);
    }
    System.out.printf("%-6s %-16s %9s %9s %9s %9s %9s %11s %11s%n", "sync", "load", "appends", "p50 ms", "p99 ms",
        "p99.9 ms", "max ms", "appends/s", "verify r/s");
    floors(directory, rate, seconds);
    for (Durability durability : Durability.values()) {
      fixedRate(directory, durability, rate, seconds);
      for (int n : threads) {
        maxRate(directory, durability, n, seconds);
      }
    }
  }

  private static AuditLogOptions options(Path directory, Durability durability, String name) throws Exception {
    Path run = directory.resolve(name);
    Files.createDirectories(run);
    return AuditLogOptions.defaults(run.resolve("audit.log"), directory.resolve("keys/audit-signing-key.pem"))
        .withDurability(durability, Duration.ofSeconds(1));
  }

  /** Sorted latencies of one run, and how long it took. */
  private record OpenLoop(long[] latencies, long elapsedNanos) {}

  /** Runs {@code task} at a fixed rate (after a 2 s warm-up); latency counts from each scheduled arrival. */
  private static OpenLoop openLoop(int rate, int seconds, LongConsumer task) throws InterruptedException {
    long warmup = rate * 2L;
    long total = warmup + (long) rate * seconds;
    long[] latencies = new long[(int) (total - warmup)];
    ExecutorService pool = Executors.newFixedThreadPool(REQUEST_THREADS);
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime() + 10_000_000;
    for (long i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      long index = i;
      pool.execute(() -> {
        task.accept(index);
        if (index >= warmup) {
          latencies[(int) (index - warmup)] = System.nanoTime() - due;
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    Arrays.sort(latencies);
    return new OpenLoop(latencies, System.nanoTime() - (start + warmup * interval));
  }

  private static void fixedRate(Path directory, Durability durability, int rate, int seconds) throws Exception {
    AuditLogOptions options = options(directory, durability, durability + "-rate" + rate);
    OpenLoop run;
    try (AuditLog log = AuditLog.open(options)) {
      run = openLoop(rate, seconds, i -> log.append(LogTesting.event((int) i)));
    }
    report(durability, "rate " + rate + "/s", run.latencies(), run.elapsedNanos(), options, rate * (2L + seconds));
  }

  /**
   * Two floors at the same rate: {@code noop} is the harness alone (scheduling and thread handoff on
   * this machine, now); {@code raw} writes and fdatasyncs a line of the same size per arrival under
   * one lock, with no chain and no group commit.
   */
  private static void floors(Path directory, int rate, int seconds) throws Exception {
    row("noop", "rate " + rate + "/s", openLoop(rate, seconds, i -> { }), "");
    byte[] line = (new String(RecordCodec.encode(new LogRecord.Entry(1, Instant.now(), LogTesting.event(1),
        "0".repeat(64))).bytes(), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(directory.resolve("raw.log"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      row("raw", "rate " + rate + "/s", openLoop(rate, seconds, i -> {
        synchronized (channel) {
          try {
            channel.write(ByteBuffer.wrap(line));
            channel.force(false);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }), "");
    }
  }

  private static void row(String sync, String load, OpenLoop run, String verify) {
    long[] l = run.latencies();
    System.out.printf("%-6s %-16s %9d %9.3f %9.3f %9.3f %9.3f %11.0f %11s%n", sync, load, l.length, ms(l, 0.50),
        ms(l, 0.99), ms(l, 0.999), l[l.length - 1] / 1e6, l.length / (run.elapsedNanos() / 1e9), verify);
  }

  private static void maxRate(Path directory, Durability durability, int threads, int seconds) throws Exception {
    AuditLogOptions options = options(directory, durability, durability + "-max" + threads);
    List<long[]> perThread = new ArrayList<>();
    int[] counts = new int[threads];
    long elapsed;
    try (AuditLog log = AuditLog.open(options)) {
      for (int i = 0; i < 2000; i++) {
        log.append(LogTesting.event(i)); // warm-up
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      for (int t = 0; t < threads; t++) {
        long[] latencies = new long[4_000_000];
        perThread.add(latencies);
        int thread = t;
        pool.execute(() -> {
          int n = 0;
          long now = System.nanoTime();
          while (now < end && n < latencies.length) {
            log.append(LogTesting.event(n));
            long after = System.nanoTime();
            latencies[n++] = after - now;
            now = after;
          }
          counts[thread] = n;
        });
      }
      pool.shutdown();
      pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
      elapsed = System.nanoTime() - start;
    }
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(perThread.get(t), 0, all, at, counts[t]);
      at += counts[t];
    }
    report(durability, "max, " + threads + " thr", all, elapsed, options, total + 2000);
  }

  private static void report(Durability durability, String load, long[] latencies, long elapsedNanos,
      AuditLogOptions options, long appended) {
    Arrays.sort(latencies);
    long verifyStart = System.nanoTime();
    Verification verification = LogVerifier.verify(LogFiles.expand(List.of(options.file().getParent())),
        Map.of(), List.of());
    if (!verification.intact() || verification.summary().entries() != appended) {
      throw new IllegalStateException("log check failed: " + verification.problem() + ", "
          + verification.summary().entries() + " entries for " + appended + " appends");
    }
    double verifyRate = verification.summary().records() / ((System.nanoTime() - verifyStart) / 1e9);
    row(durability.name().toLowerCase(), load, new OpenLoop(latencies, elapsedNanos), "%.0f".formatted(verifyRate));
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }
}
