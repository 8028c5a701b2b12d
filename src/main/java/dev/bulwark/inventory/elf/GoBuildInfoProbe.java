package dev.bulwark.inventory.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the build information the Go linker leaves in every Go executable: a 32-byte header in the
 * data segment, 16-byte aligned, starting with {@code "\xff Go buildinf:"}, a pointer size byte and
 * a flags byte. Since Go 1.18 (flags bit 2) the toolchain version and the module information follow
 * the header inline as uvarint-prefixed strings; before, the header holds the addresses of two Go
 * string headers, whose bytes lie in the read-only data earlier in the file. Those are found with
 * {@link GoStringRetention}, which keeps candidates while the file passes (ELF only).
 */
final class GoBuildInfoProbe implements ByteScan.Probe {
  /** Go version strings are short ({@code go1.22.3 X:boringcrypto}); a longer one is not one. */
  static final int MAX_VERSION_BYTES = 1024;

  /** Module information of the largest real programs is a few hundred KiB at most. */
  static final int MAX_MODINFO_BYTES = 4 << 20;

  private static final long MAGIC_HEAD = 0x697562206f4720ffL; // "\xff Go bui", little-endian
  private static final byte[] MAGIC_TAIL = "ldinf:".getBytes(StandardCharsets.ISO_8859_1);
  private static final int HEADER_BYTES = 32;
  private static final int SENTINEL_BYTES = 16;
  private static final int FLAG_BIG_ENDIAN = 1;
  private static final int FLAG_INLINE = 2;

  /** The raw strings: the toolchain version and the module information without its framing. */
  record Found(String version, String modinfo) {}

  private final BinaryLayout layout;
  private final GoStringRetention retention;
  private final long[][] ranges;
  private final List<String> warnings = new ArrayList<>();
  private Found found;
  private boolean settled;
  private int varintLength;

  /**
   * @param retention keeper of earlier strings for the pre-1.18 format, or null when none runs
   */
  GoBuildInfoProbe(BinaryLayout layout, GoStringRetention retention) {
    this.layout = layout;
    this.retention = retention;
    this.ranges = searchRanges(layout);
  }

  Optional<Found> found() {
    return Optional.ofNullable(found);
  }

  List<String> warnings() {
    return warnings;
  }

  /** ELF: the writable segments, where the linker puts the header; without a layout, the whole file. */
  private static long[][] searchRanges(BinaryLayout layout) {
    if (layout.loads().isEmpty()) {
      return new long[][] {{0, Long.MAX_VALUE}};
    }
    return layout.loads().stream().filter(BinaryLayout.Segment::writable).map(s -> new long[] {s.offset(), s.end()})
        .toArray(long[][]::new);
  }

  @Override
  public void scan(ByteScan scan, int from, int to) {
    if (settled) {
      return;
    }
    byte[] b = scan.buffer();
    long base = scan.base();
    int end = scan.end();
    for (long[] range : ranges) {
      long lo = Math.max(base + from, range[0]);
      long hi = Math.min(base + to, range[1]);
      for (long offset = (lo + 15) & ~15L; offset < hi; offset += 16) {
        int i = (int) (offset - base);
        if (i + SENTINEL_BYTES <= end && (long) ByteScan.LONG_LE.get(b, i) == MAGIC_HEAD && tailMatches(b, i)) {
          candidate(scan, i);
          if (settled) {
            return;
          }
        }
      }
    }
  }

  private static boolean tailMatches(byte[] b, int i) {
    for (int k = 0; k < MAGIC_TAIL.length; k++) {
      if (b[i + 8 + k] != MAGIC_TAIL[k]) {
        return false;
      }
    }
    return true;
  }

  private void candidate(ByteScan scan, int i) {
    byte[] b = scan.buffer();
    int ptrSize = b[i + 14];
    int flags = b[i + 15];
    if ((ptrSize != 4 && ptrSize != 8) || (flags & ~(FLAG_BIG_ENDIAN | FLAG_INLINE)) != 0) {
      return; // the magic string itself, as a program that reads build info holds it in its data
    }
    if (i + HEADER_BYTES > scan.end()) {
      settle("Go build info at offset " + (scan.base() + i) + " is cut off by the end of the file");
      return;
    }
    if ((flags & FLAG_INLINE) != 0) {
      inline(scan, i);
    } else {
      legacy(scan, i, ptrSize, (flags & FLAG_BIG_ENDIAN) != 0);
    }
  }

  private void inline(ByteScan scan, int i) {
    byte[] b = scan.buffer();
    int end = scan.end();
    long at = scan.base() + i;
    int p = i + HEADER_BYTES;
    long versionLength = uvarint(b, p, end);
    if (versionLength < 0) {
      settle("Go build info at offset " + at + ": unreadable version length");
      return;
    }
    if (versionLength == 0 || versionLength > MAX_VERSION_BYTES || p + varintLength + versionLength > end) {
      settle("Go build info at offset " + at + ": version length " + versionLength + " is out of bounds");
      return;
    }
    p += varintLength;
    String version = new String(b, p, (int) versionLength, StandardCharsets.UTF_8);
    p += (int) versionLength;
    long modLength = uvarint(b, p, end);
    if (modLength < 0) {
      settle("Go build info at offset " + at + ": unreadable module information length");
      return;
    }
    p += varintLength;
    long modOffset = scan.base() + p;
    if (modLength > MAX_MODINFO_BYTES) {
      settle("Go build info at offset " + at + ": module information of " + modLength
          + " bytes exceeds the limit of " + MAX_MODINFO_BYTES);
      return;
    }
    if (modOffset + modLength > scan.size()) {
      settle("Go build info at offset " + at + ": module information of " + modLength
          + " bytes runs past the end of the file");
      return;
    }
    settled = true;
    if (modLength == 0) {
      found = new Found(version, "");
      return;
    }
    scan.tap(modOffset, ByteScan.capture((int) modLength,
        bytes -> found = new Found(version, unframe(bytes, bytes.length)),
        () -> warnings.add("Go build info at offset " + at + ": module information cut off by the end of the file")));
  }

  /**
   * Reads an unsigned varint at {@code b[p, limit)}, as Go's {@code binary.Uvarint}; -1 when it is
   * cut off or overflows 63 bits. Sets {@link #varintLength}.
   */
  private long uvarint(byte[] b, int p, int limit) {
    long value = 0;
    for (int k = 0, shift = 0; k < 10 && p + k < limit; k++, shift += 7) {
      int c = b[p + k] & 0xFF;
      if (shift == 63 && c > 0) {
        return -1;
      }
      value |= (long) (c & 0x7F) << shift;
      if (c < 0x80) {
        varintLength = k + 1;
        return value;
      }
    }
    return -1;
  }

  /**
   * The module information between its two 16-byte sentinels ({@code cmd/go}'s infoStart and
   * infoEnd); empty when the string is not framed, as Go's reader does.
   */
  static String unframe(byte[] bytes, int length) {
    if (length >= 2 * SENTINEL_BYTES + 1 && bytes[length - SENTINEL_BYTES - 1] == '\n') {
      return new String(bytes, SENTINEL_BYTES, length - 2 * SENTINEL_BYTES, StandardCharsets.UTF_8);
    }
    return "";
  }

  private void legacy(ByteScan scan, int i, int ptrSize, boolean big) {
    settled = true;
    String where = "Go build info (before Go 1.18) at offset " + (scan.base() + i);
    if (layout.format() != BinaryLayout.Format.ELF || layout.loads().isEmpty()) {
      warnings.add(where + ": its strings are only resolved in ELF executables, not in " + layout.format());
      return;
    }
    if (retention == null) {
      warnings.add(where + ": no Go build ID note at the start of the file, so its strings were not kept");
      return;
    }
    new LegacyRead(where, ptrSize, big).start(scan, pointer(scan.buffer(), i + 16, ptrSize, big),
        pointer(scan.buffer(), i + 16 + ptrSize, ptrSize, big));
  }

  static long pointer(byte[] b, int p, int size, boolean big) {
    return size == 4 ? BinaryLayout.u32(b, p, big) : BinaryLayout.u64(b, p, big);
  }

  private void settle(String warning) {
    warnings.add(warning);
    settled = true;
  }

  /** Follows the two pointers of a pre-1.18 header to the version and module strings. */
  private final class LegacyRead {
    private final String where;
    private final int ptrSize;
    private final boolean big;
    private final String[] values = new String[2];
    private boolean failed;

    LegacyRead(String where, int ptrSize, boolean big) {
      this.where = where;
      this.ptrSize = ptrSize;
      this.big = big;
    }

    void start(ByteScan scan, long versionHeader, long modHeader) {
      header(scan, 0, versionHeader);
      header(scan, 1, modHeader);
    }

    private void header(ByteScan scan, int which, long vaddr) {
      Optional<Long> offset = layout.offsetOf(vaddr, 2L * ptrSize);
      if (offset.isEmpty()) {
        fail("string header address 0x" + Long.toHexString(vaddr) + " is not in a loaded segment");
        return;
      }
      if (!scan.tap(offset.get(), ByteScan.capture(2 * ptrSize, header -> string(scan, which, header),
          () -> fail("string header cut off by the end of the file")))) {
        fail("string header lies before the build info");
      }
    }

    private void string(ByteScan scan, int which, byte[] header) {
      long vaddr = pointer(header, 0, ptrSize, big);
      long length = pointer(header, ptrSize, ptrSize, big);
      long max = which == 0 ? MAX_VERSION_BYTES : MAX_MODINFO_BYTES;
      if (length < 0 || length > max || (which == 0 && length == 0)) {
        fail("string length " + length + " is out of bounds");
        return;
      }
      if (length == 0) {
        set(which, new byte[0]);
        return;
      }
      Optional<Long> offset = layout.offsetOf(vaddr, length);
      if (offset.isEmpty()) {
        fail("string address 0x" + Long.toHexString(vaddr) + " is not in a loaded segment");
        return;
      }
      if (offset.get() >= scan.base()) {
        scan.tap(offset.get(), ByteScan.capture((int) length, bytes -> set(which, bytes),
            () -> fail("string cut off by the end of the file")));
        return;
      }
      Optional<byte[]> kept = which == 0
          ? retention.version(offset.get(), (int) length)
          : retention.modinfo(offset.get(), (int) length);
      if (kept.isEmpty()) {
        fail((which == 0 ? "version" : "module information") + " string at offset " + offset.get()
            + " was not among the strings kept while reading");
        return;
      }
      set(which, kept.get());
    }

    private void set(int which, byte[] bytes) {
      if (failed) {
        return;
      }
      values[which] = which == 0 ? new String(bytes, StandardCharsets.UTF_8) : unframe(bytes, bytes.length);
      if (values[0] != null && values[1] != null) {
        found = new Found(values[0], values[1]);
      }
    }

    private void fail(String reason) {
      if (!failed) {
        failed = true;
        warnings.add(where + ": " + reason);
      }
    }
  }
}
