package dev.bulwark.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream ahead on its own thread, so that producing the bytes (decompressing a layer and
 * hashing the compressed blob) overlaps with consuming them (hashing the tar and walking it). A
 * bounded ring of reusable buffers caps the memory; a failure on the producing side is rethrown to
 * the reader as it was, and closing the reader stops the producer.
 */
public final class AsyncInputStream extends InputStream {
  private static final int CHUNK = 1 << 20;
  private static final int DEPTH = 4;

  private sealed interface Item {}

  private record Chunk(byte[] bytes, int length) implements Item {}

  private record End() implements Item {}

  private record Failure(Throwable cause) implements Item {}

  private final BlockingQueue<Item> filled = new ArrayBlockingQueue<>(DEPTH + 1);
  private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(DEPTH + 1);
  private final Thread producer;
  private Chunk current;
  private int position;
  private boolean ended;
  private volatile boolean closed;

  private AsyncInputStream(InputStream source, String name) {
    for (int i = 0; i < DEPTH; i++) {
      empty.add(new byte[CHUNK]);
    }
    producer = Thread.ofPlatform().daemon().name(name).unstarted(() -> produce(source));
  }

  /** Starts reading {@code source} ahead; the caller reads the returned stream. */
  public static AsyncInputStream start(InputStream source, String name) {
    AsyncInputStream stream = new AsyncInputStream(source, name);
    stream.producer.start();
    return stream;
  }

  private void produce(InputStream source) {
    try {
      while (!closed) {
        byte[] buffer = empty.take();
        int length = source.readNBytes(buffer, 0, buffer.length);
        if (length == 0) {
          filled.put(new End());
          return;
        }
        filled.put(new Chunk(buffer, length));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      try {
        filled.put(new Failure(e));
      } catch (InterruptedException ignored) {
        // closed by the reader
      }
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(length, current.length() - position);
    System.arraycopy(current.bytes(), position, buffer, offset, n);
    position += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n && fill()) {
      int step = (int) Math.min(n - skipped, current.length() - position);
      position += step;
      skipped += step;
    }
    return skipped;
  }

  /** Makes bytes available in {@link #current}; false at the end of the stream. */
  private boolean fill() throws IOException {
    if (current != null && position < current.length()) {
      return true;
    }
    if (ended) {
      return false;
    }
    if (current != null) {
      empty.offer(current.bytes());
      current = null;
    }
    Item item;
    try {
      item = filled.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading ahead");
    }
    switch (item) {
      case Chunk chunk -> {
        current = chunk;
        position = 0;
        return true;
      }
      case End end -> {
        ended = true;
        return false;
      }
      case Failure failure -> {
        ended = true;
        switch (failure.cause()) {
          case IOException io -> throw io;
          case RuntimeException runtime -> throw runtime;
          case Error error -> throw error;
          default -> throw new UncheckedIOException(new IOException(failure.cause()));
        }
      }
    }
  }

  /** Waits until the producer has stopped, so the source may be used again by the caller. */
  public void awaitProducer() throws InterruptedIOException {
    try {
      producer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /**
   * Stops the producer after the read it is in, without interrupting it: an interrupt would close
   * a shared {@code FileChannel} under other readers.
   */
  @Override
  public void close() {
    closed = true;
    filled.clear();
    empty.offer(new byte[CHUNK]);
  }
}
