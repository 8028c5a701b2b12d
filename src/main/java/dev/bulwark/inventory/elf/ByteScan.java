package dev.bulwark.inventory.elf;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One forward pass over a file through a fixed window, for finding small embedded records in large
 * executables without holding or spilling the file. {@link Probe}s look at every position once,
 * with {@link #LOOKAHEAD} bytes after it in the window; a probe that finds the start of something
 * longer opens a {@link Tap}, which then receives the file's bytes from that offset on, window by
 * window, until it has what it wants. Memory stays at one window plus what taps keep.
 */
final class ByteScan {
  /** Bytes read from the stream per round; large enough that per-round overhead is negligible. */
  static final int WINDOW = 1 << 18;

  /** Bytes a probe may read past a position it examines (ample for a zlib header and a block). */
  static final int LOOKAHEAD = 1 << 12;

  static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Looks for something at each position of the window as the file passes. */
  interface Probe {
    /**
     * Examines positions {@code from} (inclusive) to {@code to} (exclusive) of {@link #buffer()};
     * bytes up to {@link #end()} are valid, at least {@link #LOOKAHEAD} past {@code to} unless the
     * file ends sooner.
     */
    void scan(ByteScan scan, int from, int to);

    /** The file has ended. */
    default void finish(ByteScan scan) {}
  }

  /** Receives the file's bytes from an offset on. */
  interface Tap {
    /** The next bytes in file order; returns false once it needs no more. */
    boolean accept(byte[] bytes, int offset, int length);

    /** The file ended before the tap was satisfied. */
    void truncated();
  }

  /** A tap that keeps exactly {@code length} bytes and hands them over. */
  static Tap capture(int length, Consumer<byte[]> done, Runnable truncated) {
    return new Tap() {
      private final byte[] kept = new byte[length];
      private int have;

      @Override
      public boolean accept(byte[] bytes, int offset, int count) {
        int n = Math.min(count, length - have);
        System.arraycopy(bytes, offset, kept, have, n);
        have += n;
        if (have < length) {
          return true;
        }
        done.accept(kept);
        return false;
      }

      @Override
      public void truncated() {
        truncated.run();
      }
    };
  }

  private static final class OpenTap {
    final Tap tap;
    long next;

    OpenTap(Tap tap, long next) {
      this.tap = tap;
      this.next = next;
    }
  }

  private final InputStream in;
  private final long size;
  private final byte[] buffer = new byte[WINDOW];
  private final List<OpenTap> taps = new ArrayList<>();
  private long base;
  private int end;
  private int scanned;
  private boolean eof;

  ByteScan(InputStream in, long size) {
    this.in = in;
    this.size = size;
  }

  /** Reads up to {@code count} bytes into the start of the window; returns how many were read. */
  int readHead(int count) throws IOException {
    end = in.readNBytes(buffer, 0, Math.min(count, WINDOW));
    eof = end < count;
    return end;
  }

  /** Fills the rest of the window (after {@link #readHead}) so a layout can be read from it. */
  void fillWindow() throws IOException {
    fill();
  }

  /** Runs the probes over the rest of the file. */
  void run(List<Probe> probes) throws IOException {
    while (true) {
      int limit = eof ? end : end - LOOKAHEAD;
      if (limit > scanned) {
        for (Probe probe : probes) {
          probe.scan(this, scanned, limit);
        }
        scanned = limit;
      }
      feedTaps();
      if (eof) {
        break;
      }
      compact();
      fill();
    }
    for (Probe probe : probes) {
      probe.finish(this);
    }
    for (OpenTap open : taps) {
      open.tap.truncated();
    }
    taps.clear();
  }

  byte[] buffer() {
    return buffer;
  }

  /** The file offset of {@code buffer()[0]}. */
  long base() {
    return base;
  }

  /** Valid bytes in the buffer. */
  int end() {
    return end;
  }

  /** The size of the file, as its container declared it. */
  long size() {
    return size;
  }

  /**
   * Sends the file's bytes from {@code offset} on to {@code tap}; false when they have already
   * passed out of the window.
   */
  boolean tap(long offset, Tap tap) {
    if (offset < base) {
      return false;
    }
    taps.add(new OpenTap(tap, offset));
    return true;
  }

  private static final long ONES = 0x0101010101010101L;
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

  /** The byte {@code value} in all eight bytes of a long. */
  static long broadcast(byte value) {
    return (value & 0xFFL) * ONES;
  }

  /** A long with bit 7 set in exactly the bytes of {@code x} that are zero. */
  static long zeroBytes(long x) {
    return ~(((x & LOW7) + LOW7) | x | LOW7);
  }

  /** The index of the first {@code value} in {@code bytes[from, to)}, or -1. */
  static int indexOf(byte[] bytes, int from, int to, byte value) {
    long pattern = broadcast(value);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long zero = zeroBytes((long) LONG_LE.get(bytes, i) ^ pattern);
      if (zero != 0) {
        return i + (Long.numberOfTrailingZeros(zero) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The first index {@code i} in {@code [from, to)} where {@code bytes[i, i + 4)} equals
   * {@code prefix[0, 4)}, or -1; {@code bytes} is valid up to {@code end >= to}. Tests eight
   * positions per step with one load per prefix byte, so frequent single bytes cost nothing.
   */
  static int indexOf4(byte[] bytes, int from, int to, int end, byte[] prefix) {
    long p0 = broadcast(prefix[0]);
    long p1 = broadcast(prefix[1]);
    long p2 = broadcast(prefix[2]);
    long p3 = broadcast(prefix[3]);
    int i = from;
    for (; i + 8 <= to && i + 11 <= end; i += 8) {
      // A byte of the OR is zero exactly where all four bytes match.
      long hit = zeroBytes(((long) LONG_LE.get(bytes, i) ^ p0) | ((long) LONG_LE.get(bytes, i + 1) ^ p1)
          | ((long) LONG_LE.get(bytes, i + 2) ^ p2) | ((long) LONG_LE.get(bytes, i + 3) ^ p3));
      if (hit != 0) {
        return i + (Long.numberOfTrailingZeros(hit) >>> 3);
      }
    }
    for (; i < to && i + 4 <= end; i++) {
      if (bytes[i] == prefix[0] && bytes[i + 1] == prefix[1] && bytes[i + 2] == prefix[2]
          && bytes[i + 3] == prefix[3]) {
        return i;
      }
    }
    return -1;
  }

  private void feedTaps() {
    long windowEnd = base + end;
    // Taps may open further taps while being fed; those are fed in the same round.
    for (int i = 0; i < taps.size(); i++) {
      OpenTap open = taps.get(i);
      if (open.next >= windowEnd) {
        continue;
      }
      int from = (int) (open.next - base);
      open.next = windowEnd;
      if (!open.tap.accept(buffer, from, end - from)) {
        open.next = Long.MAX_VALUE;
      }
    }
    taps.removeIf(open -> open.next == Long.MAX_VALUE);
  }

  private void compact() {
    int keep = end - scanned;
    System.arraycopy(buffer, scanned, buffer, 0, keep);
    base += scanned;
    end = keep;
    scanned = 0;
  }

  private void fill() throws IOException {
    if (eof) {
      return;
    }
    int wanted = WINDOW - end;
    int read = in.readNBytes(buffer, end, wanted);
    end += read;
    eof = read < wanted;
  }
}
