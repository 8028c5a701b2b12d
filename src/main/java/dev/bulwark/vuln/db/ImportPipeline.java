package dev.bulwark.vuln.db;

import dev.bulwark.BulwarkException;
import dev.bulwark.InputException;
import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.osv.OsvCodec;
import dev.bulwark.vuln.osv.OsvFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Reads documents on one thread, parses and encodes them on a pool, and adds them to the builder in
 * their original order on the calling thread (SQLite takes one writer). Order is kept so a build is
 * deterministic.
 */
final class ImportPipeline implements AutoCloseable {
  /** Parsed documents waiting for the writer: bounds memory, keeps the parsers busy. */
  private static final int IN_FLIGHT = 256;
  /** Rejection messages kept per source; the rest are counted. */
  static final int MAX_SAMPLES = 10;

  private final ExecutorService parsers;
  private final ExecutorService reader;

  ImportPipeline() {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    this.parsers = Executors.newFixedThreadPool(threads, daemon("bulwark-osv-parse"));
    this.reader = Executors.newSingleThreadExecutor(daemon("bulwark-osv-read"));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** A producer of documents, e.g. {@code sink -> OsvDocuments.read(path, sink)}. */
  @FunctionalInterface
  interface Documents {
    void read(OsvDocuments.Sink sink) throws InterruptedException;
  }

  private sealed interface Parsed {}

  private record Ok(Advisory advisory, DatabaseBuilder.EncodedDocument document) implements Parsed {}

  private record Rejected(String message) implements Parsed {}

  /** Marks the end of the documents, or carries the reader's failure. */
  private record End(RuntimeException failure) implements Parsed {}

  SourceReport run(DatabaseBuilder builder, String source, Documents documents, LongConsumer progress) {
    BlockingQueue<Future<Parsed>> queue = new ArrayBlockingQueue<>(IN_FLIGHT);
    Future<?> producer = reader.submit(() -> {
      RuntimeException failure = null;
      try {
        documents.read(item -> queue.put(parsers.submit(() -> parse(item, source))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        failure = e;
      }
      try {
        queue.put(CompletableFuture.completedFuture(new End(failure)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    long count = 0;
    long stored = 0;
    long withdrawn = 0;
    long superseded = 0;
    long merged = 0;
    long rejected = 0;
    List<String> samples = new ArrayList<>();
    try {
      while (true) {
        Parsed parsed = queue.take().get();
        if (parsed instanceof End end) {
          if (end.failure() != null) {
            throw end.failure();
          }
          break;
        }
        count++;
        progress.accept(count);
        switch (parsed) {
          case Rejected r -> {
            rejected++;
            if (samples.size() < MAX_SAMPLES) {
              samples.add(r.message());
            }
          }
          case Ok ok -> {
            switch (builder.add(ok.advisory(), ok.document())) {
              case STORED -> stored++;
              case MERGED -> merged++;
              case WITHDRAWN -> withdrawn++;
              case WITHDRAWN_EARLIER -> superseded++;
            }
          }
          case End ignored -> throw new IllegalStateException("unreachable");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      producer.cancel(true);
      throw new InputException("interrupted while reading " + source, e);
    } catch (ExecutionException e) {
      producer.cancel(true);
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    } catch (RuntimeException e) {
      producer.cancel(true);
      queue.clear();
      throw e;
    }
    return new SourceReport(source, count, stored, merged, withdrawn, superseded, rejected, samples);
  }

  private static Parsed parse(OsvDocuments.Item item, String source) {
    return switch (item) {
      case OsvDocuments.Unreadable u -> new Rejected(u.name() + ": " + u.reason());
      case OsvDocuments.Document d -> {
        try {
          Advisory advisory = OsvCodec.read(d.bytes(), d.format(), d.name(), source);
          yield new Ok(advisory, advisory.isWithdrawn() ? null : DatabaseBuilder.encode(advisory));
        } catch (OsvFormatException e) {
          yield new Rejected(e.getMessage());
        } catch (BulwarkException e) {
          yield new Rejected(d.name() + ": " + e.getMessage());
        }
      }
    };
  }

  @Override
  public void close() {
    reader.shutdownNow();
    parsers.shutdownNow();
  }
}
