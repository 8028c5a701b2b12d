package dev.bulwark.inventory.elf;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps, while a Go executable passes, the strings a pre-1.18 build info header may point back to:
 * every {@code go1.} version candidate and every sentinel-framed module information block in the
 * read-only data. Only runs on files whose first window holds the Go build ID note, so other
 * executables pay nothing; on Go files it costs two byte searches over the read-only data, no I/O.
 */
final class GoStringRetention implements ByteScan.Probe {
  /** Bytes kept after a version candidate; real versions are far shorter. */
  static final int VERSION_CAPTURE_BYTES = 64;

  /** Version candidates kept; a Go binary holds a handful of {@code go1.} strings. */
  static final int MAX_VERSION_CANDIDATES = 4096;

  /** Framed module information blocks kept; a binary holds one. */
  static final int MAX_MODINFO_CANDIDATES = 8;

  /** Bytes all module information candidates together may keep; real ones take KiBs. */
  static final int MAX_RETAINED_BYTES = GoBuildInfoProbe.MAX_MODINFO_BYTES + 64 * 1024;

  /** cmd/go's infoStart and infoEnd sentinels around the module information. */
  static final byte[] INFO_START = hex("3077af0c9274080241e1c107e6d618e6");

  static final byte[] INFO_END = hex("f932433186182072008242104116d8f2");

  private static final byte[] GO1 = {'g', 'o', '1', '.'};
  private static final long GO1_0 = ByteScan.broadcast(GO1[0]);
  private static final long GO1_1 = ByteScan.broadcast(GO1[1]);
  private static final long GO1_2 = ByteScan.broadcast(GO1[2]);
  private static final long GO1_3 = ByteScan.broadcast(GO1[3]);
  private static final long START_0 = ByteScan.broadcast(INFO_START[0]);
  private static final long START_1 = ByteScan.broadcast(INFO_START[1]);
  private static final long START_2 = ByteScan.broadcast(INFO_START[2]);
  private static final long START_3 = ByteScan.broadcast(INFO_START[3]);

  private final long[][] ranges;
  private final Map<Long, byte[]> versions = new HashMap<>();
  private final Map<Long, FramedCapture> modinfos = new HashMap<>();
  private int retained;

  GoStringRetention(List<BinaryLayout.Segment> loads) {
    // String data is read-only data: in its own segment when the linker separates code (Go's own
    // linker, GNU ld since 2.31), else in the text segment.
    boolean separate = loads.stream().anyMatch(s -> !s.writable() && !s.executable());
    this.ranges = loads.stream().filter(s -> !s.writable() && !(separate && s.executable()))
        .map(s -> new long[] {s.offset(), s.end()}).toArray(long[][]::new);
  }

  Optional<byte[]> version(long offset, int length) {
    byte[] kept = versions.get(offset);
    return kept != null && kept.length >= length ? Optional.of(Arrays.copyOf(kept, length)) : Optional.empty();
  }

  Optional<byte[]> modinfo(long offset, int length) {
    FramedCapture kept = modinfos.get(offset);
    return kept != null && kept.length >= length ? Optional.of(Arrays.copyOf(kept.bytes, length)) : Optional.empty();
  }

  /** Bytes kept for module information candidates so far. */
  int retainedBytes() {
    return retained;
  }

  @Override
  public void scan(ByteScan scan, int from, int to) {
    byte[] b = scan.buffer();
    long base = scan.base();
    int end = scan.end();
    for (long[] range : ranges) {
      int lo = (int) Math.max(from, Math.min(to, range[0] - base));
      int hi = (int) Math.max(lo, Math.min(to, range[1] - base));
      int i = lo;
      // One pass for both patterns: eight positions per step, four loads shared between them.
      for (; i + 8 <= hi && i + 11 <= end; i += 8) {
        long w0 = (long) ByteScan.LONG_LE.get(b, i);
        long w1 = (long) ByteScan.LONG_LE.get(b, i + 1);
        long w2 = (long) ByteScan.LONG_LE.get(b, i + 2);
        long w3 = (long) ByteScan.LONG_LE.get(b, i + 3);
        long version = ByteScan.zeroBytes((w0 ^ GO1_0) | (w1 ^ GO1_1) | (w2 ^ GO1_2) | (w3 ^ GO1_3));
        long info = ByteScan.zeroBytes((w0 ^ START_0) | (w1 ^ START_1) | (w2 ^ START_2) | (w3 ^ START_3));
        for (; version != 0; version &= version - 1) {
          keepVersion(b, base, i + (Long.numberOfTrailingZeros(version) >>> 3), end);
        }
        for (; info != 0; info &= info - 1) {
          keepModinfo(scan, i + (Long.numberOfTrailingZeros(info) >>> 3));
        }
      }
      for (; i < hi; i++) {
        if (startsWith(b, i, end, GO1)) {
          keepVersion(b, base, i, end);
        } else if (startsWith(b, i, end, INFO_START)) {
          keepModinfo(scan, i);
        }
      }
    }
  }

  private void keepVersion(byte[] b, long base, int i, int end) {
    if (versions.size() < MAX_VERSION_CANDIDATES) {
      versions.put(base + i, Arrays.copyOfRange(b, i, Math.min(end, i + VERSION_CAPTURE_BYTES)));
    }
  }

  private void keepModinfo(ByteScan scan, int i) {
    long at = scan.base() + i;
    if (modinfos.size() < MAX_MODINFO_CANDIDATES && startsWith(scan.buffer(), i, scan.end(), INFO_START)
        && !modinfos.containsKey(at)) {
      FramedCapture capture = new FramedCapture();
      modinfos.put(at, capture);
      scan.tap(at, capture);
    }
  }

  private static boolean startsWith(byte[] b, int i, int end, byte[] prefix) {
    if (i + prefix.length > end) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (b[i + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /**
   * Bytes from a start sentinel through the next end sentinel, within the module information limit
   * and what is left of the retention budget.
   */
  private final class FramedCapture implements ByteScan.Tap {
    private static final int MAX = GoBuildInfoProbe.MAX_MODINFO_BYTES + 2 * INFO_START.length;
    private byte[] bytes = new byte[256];
    private int length;

    @Override
    public boolean accept(byte[] source, int offset, int count) {
      int n = Math.min(Math.min(count, MAX - length), MAX_RETAINED_BYTES - retained);
      if (n <= 0) {
        return false;
      }
      retained += n;
      if (length + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.min(MAX, Math.max(length + n, 2 * bytes.length)));
      }
      System.arraycopy(source, offset, bytes, length, n);
      int searchFrom = Math.max(INFO_START.length, length - INFO_END.length + 1);
      length += n;
      for (int i = ByteScan.indexOf(bytes, searchFrom, length, INFO_END[0]); i >= 0;
          i = ByteScan.indexOf(bytes, i + 1, length, INFO_END[0])) {
        if (startsWith(bytes, i, length, INFO_END)) {
          retained -= length - (i + INFO_END.length); // what followed the end sentinel is not kept
          length = i + INFO_END.length;
          return false;
        }
      }
      return length < MAX && retained < MAX_RETAINED_BYTES;
    }

    @Override
    public void truncated() {}
  }
}
