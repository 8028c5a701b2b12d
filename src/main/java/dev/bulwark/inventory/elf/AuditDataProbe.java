package dev.bulwark.inventory.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Finds the dependency list cargo-auditable embeds in Rust executables: zlib-compressed JSON
 * ({@code {"packages":[…]}}) in a section named {@code .dep-v0}. Section headers come at the end of
 * an ELF file, so instead of looking the section up, the probe tries every zlib stream start
 * ({@code 0x78} and a valid flag byte) and keeps the one whose first inflated bytes open that JSON.
 * In ELF the section is not loaded (cargo-auditable clears {@code SHF_ALLOC}), so only the
 * part of the file after the loaded segments is searched; other formats are searched whole.
 */
final class AuditDataProbe implements ByteScan.Probe, AutoCloseable {
  /** The inflated JSON; real lists are tens of KiB, so this only stops decompression bombs. */
  static final int MAX_JSON_BYTES = 8 << 20;

  /** The key the JSON opens with; it is the serializer's first field, possibly after a format number. */
  private static final byte[] KEY = "\"packages\":[".getBytes(StandardCharsets.US_ASCII);

  /** Inflated bytes examined for {@link #KEY}: enough for {@code {"format":N,} before it. */
  private static final int HEAD_BYTES = 48;

  /** Compressed bytes handed to the inflater at a time while checking a candidate. */
  private static final int PROBE_STEP = 64;

  private static final byte ZLIB_DEFLATE_32K = 0x78;
  private static final long CMF = ByteScan.broadcast(ZLIB_DEFLATE_32K);
  private static final long FLG_FASTEST = ByteScan.broadcast((byte) 0x01);
  private static final long FLG_FAST = ByteScan.broadcast((byte) 0x5E);
  private static final long FLG_DEFAULT = ByteScan.broadcast((byte) 0x9C);
  private static final long FLG_BEST = ByteScan.broadcast((byte) 0xDA);

  private final long searchFrom;
  private final Inflater inflater = new Inflater();
  private final byte[] head = new byte[HEAD_BYTES];
  private final List<String> warnings = new ArrayList<>();
  private byte[] json;
  private boolean settled;

  AuditDataProbe(BinaryLayout layout) {
    this.searchFrom = layout.format() == BinaryLayout.Format.ELF ? layout.loadedEnd() : 0;
  }

  Optional<byte[]> json() {
    return Optional.ofNullable(json);
  }

  List<String> warnings() {
    return warnings;
  }

  @Override
  public void scan(ByteScan scan, int from, int to) {
    if (settled) {
      return;
    }
    byte[] b = scan.buffer();
    int start = (int) Math.max(from, Math.min(to, searchFrom - scan.base()));
    int end = scan.end();
    for (int i = indexOfZlibHeader(b, start, to, end); i >= 0; i = indexOfZlibHeader(b, i + 1, to, end)) {
      if (opensAuditJson(b, i, Math.min(end, i + ByteScan.LOOKAHEAD))) {
        settled = true;
        inflater.reset();
        long at = scan.base() + i;
        scan.tap(at, new InflateTap(at));
        return;
      }
    }
  }

  /**
   * The first index in {@code [from, to)} where a zlib header starts: {@code 0x78} (deflate, 32 KiB
   * window) followed by one of the four flag bytes valid for it without a preset dictionary.
   */
  private static int indexOfZlibHeader(byte[] b, int from, int to, int end) {
    int i = from;
    for (; i + 8 <= to && i + 9 <= end; i += 8) {
      long next = (long) ByteScan.LONG_LE.get(b, i + 1);
      long hit = ByteScan.zeroBytes((long) ByteScan.LONG_LE.get(b, i) ^ CMF)
          & (ByteScan.zeroBytes(next ^ FLG_FASTEST) | ByteScan.zeroBytes(next ^ FLG_FAST)
              | ByteScan.zeroBytes(next ^ FLG_DEFAULT) | ByteScan.zeroBytes(next ^ FLG_BEST));
      if (hit != 0) {
        return i + (Long.numberOfTrailingZeros(hit) >>> 3);
      }
    }
    for (; i < to && i + 1 < end; i++) {
      if (b[i] == ZLIB_DEFLATE_32K && isZlibHeader(b[i + 1])) {
        return i;
      }
    }
    return -1;
  }

  /** The flag bytes that make a valid zlib header after 0x78 without a preset dictionary. */
  private static boolean isZlibHeader(byte flags) {
    return flags == 0x01 || flags == 0x5E || flags == (byte) 0x9C || flags == (byte) 0xDA;
  }

  private boolean opensAuditJson(byte[] b, int from, int to) {
    if (!DeflateStart.plausible(b, from + 2, to)) {
      return false;
    }
    inflater.reset();
    int have = 0;
    try {
      // Fed in small steps: most candidates are not zlib streams and fail within a few bytes, and
      // the JDK's inflater costs in proportion to the input it is handed.
      for (int next = from; have < head.length && !inflater.finished() && !inflater.needsDictionary(); ) {
        if (inflater.needsInput()) {
          if (next >= to) {
            break;
          }
          int step = Math.min(PROBE_STEP, to - next);
          inflater.setInput(b, next, step);
          next += step;
        }
        int n = inflater.inflate(head, have, head.length - have);
        if (n == 0 && !inflater.needsInput()) {
          break;
        }
        have += n;
      }
    } catch (DataFormatException e) {
      return false;
    }
    if (have < 2 || head[0] != '{' || head[1] != '"') {
      return false;
    }
    for (int i = 1; i + KEY.length <= have; i++) {
      if (Arrays.equals(head, i, i + KEY.length, KEY, 0, KEY.length)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    inflater.end();
  }

  /** Inflates the stream from its start as the file passes, up to {@link #MAX_JSON_BYTES}. */
  private final class InflateTap implements ByteScan.Tap {
    private final long at;
    private byte[] out = new byte[64 * 1024];
    private int length;

    InflateTap(long at) {
      this.at = at;
    }

    @Override
    public boolean accept(byte[] bytes, int offset, int count) {
      inflater.setInput(bytes, offset, count);
      try {
        while (!inflater.finished() && !inflater.needsInput()) {
          if (length == out.length) {
            if (length == MAX_JSON_BYTES) {
              warnings.add("cargo-auditable data at offset " + at + " inflates past the limit of "
                  + MAX_JSON_BYTES + " bytes");
              return false;
            }
            out = Arrays.copyOf(out, Math.min(MAX_JSON_BYTES, 2 * out.length));
          }
          int n = inflater.inflate(out, length, out.length - length);
          length += n;
          if (n == 0 && !inflater.needsInput() && !inflater.finished()) {
            warnings.add("cargo-auditable data at offset " + at + " cannot be inflated"
                + (inflater.needsDictionary() ? ": it needs a preset dictionary" : ""));
            return false;
          }
        }
      } catch (DataFormatException e) {
        warnings.add("cargo-auditable data at offset " + at + " is not valid zlib data: " + e.getMessage());
        return false;
      }
      if (inflater.finished()) {
        json = Arrays.copyOf(out, length);
        return false;
      }
      return true;
    }

    @Override
    public void truncated() {
      warnings.add("cargo-auditable data at offset " + at + " is cut off by the end of the file");
    }
  }
}
