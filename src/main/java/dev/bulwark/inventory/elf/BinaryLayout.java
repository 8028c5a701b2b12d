package dev.bulwark.inventory.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the first window of an executable says about it: its format and, for ELF, the loadable
 * segments from the program headers (which sit near the start of the file, unlike the section
 * headers). Read without trusting any field: a header pointing outside the window leaves the layout
 * unknown, and the probes then search the whole file.
 *
 * @param loads the ELF {@code PT_LOAD} segments, empty when unknown or not ELF
 * @param goBuildId whether the window holds the Go toolchain's build ID note
 */
record BinaryLayout(Format format, boolean bigEndian, List<Segment> loads, boolean goBuildId) {
  enum Format {
    ELF,
    PE,
    MACH_O
  }

  /** One loadable ELF segment, as file range and virtual address. */
  record Segment(long offset, long vaddr, long fileSize, boolean writable, boolean executable) {
    long end() {
      return offset + fileSize;
    }
  }

  /** Bytes needed to tell the formats apart. */
  static final int MAGIC_BYTES = 16;

  /** Where the Go build ID note is looked for: the linker puts notes right after the headers. */
  private static final int NOTE_SEARCH_BYTES = 64 * 1024;

  /** ELF allows more, but no real executable has this many program headers. */
  private static final int MAX_PROGRAM_HEADERS = 4096;

  private static final int PT_LOAD = 1;
  private static final int PF_X = 1;
  private static final int PF_W = 2;

  BinaryLayout {
    loads = List.copyOf(loads);
  }

  static Optional<Format> identify(byte[] b, int length) {
    if (length < 4) {
      return Optional.empty();
    }
    int magic = be32(b, 0);
    return switch (magic) {
      case 0x7F454C46 -> Optional.of(Format.ELF);
      case 0xFEEDFACE, 0xFEEDFACF, 0xCEFAEDFE, 0xCFFAEDFE, 0xCAFEBABE -> Optional.of(Format.MACH_O);
      default -> (b[0] == 'M' && b[1] == 'Z') ? Optional.of(Format.PE) : Optional.empty();
    };
  }

  /** Reads the layout from the first {@code length} bytes of a file of the given format. */
  static BinaryLayout read(Format format, byte[] b, int length) {
    if (format != Format.ELF || length < 64) {
      return new BinaryLayout(format, false, List.of(), false);
    }
    boolean wide = b[4] == 2;
    boolean big = b[5] == 2;
    List<Segment> loads = programHeaders(b, length, wide, big);
    return new BinaryLayout(format, big, loads, hasGoNote(b, Math.min(length, NOTE_SEARCH_BYTES), big));
  }

  /** The file offset holding {@code size} bytes at virtual address {@code vaddr}, if one segment maps them. */
  Optional<Long> offsetOf(long vaddr, long size) {
    for (Segment s : loads) {
      if (Long.compareUnsigned(vaddr, s.vaddr()) >= 0 && vaddr - s.vaddr() <= s.fileSize()
          && size <= s.fileSize() - (vaddr - s.vaddr())) {
        return Optional.of(s.offset() + (vaddr - s.vaddr()));
      }
    }
    return Optional.empty();
  }

  /** Where the loaded part of the file ends; what follows is only described (symbols, debug data, notes). */
  long loadedEnd() {
    long max = 0;
    for (Segment s : loads) {
      max = Math.max(max, s.end());
    }
    return max;
  }

  private static List<Segment> programHeaders(byte[] b, int length, boolean wide, boolean big) {
    long phoff = wide ? u64(b, 0x20, big) : u32(b, 0x1C, big);
    int entsize = u16(b, wide ? 0x36 : 0x2A, big);
    int count = u16(b, wide ? 0x38 : 0x2C, big);
    int minimum = wide ? 56 : 32;
    if (count == 0 || count > MAX_PROGRAM_HEADERS || entsize < minimum || phoff < 0 || phoff > length
        || (long) count * entsize > length - phoff) {
      return List.of();
    }
    List<Segment> loads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int p = (int) phoff + i * entsize;
      if (u32(b, p, big) != PT_LOAD) {
        continue;
      }
      long flags = wide ? u32(b, p + 4, big) : u32(b, p + 24, big);
      long offset = wide ? u64(b, p + 8, big) : u32(b, p + 4, big);
      long vaddr = wide ? u64(b, p + 16, big) : u32(b, p + 8, big);
      long fileSize = wide ? u64(b, p + 32, big) : u32(b, p + 16, big);
      if (offset < 0 || fileSize < 0 || offset + fileSize < 0) {
        return List.of();
      }
      loads.add(new Segment(offset, vaddr, fileSize, (flags & PF_W) != 0, (flags & PF_X) != 0));
    }
    return loads;
  }

  /** A {@code .note.go.buildid} entry: type 4 followed by the name {@code "Go\0\0"}. */
  private static boolean hasGoNote(byte[] b, int length, boolean big) {
    for (int i = 0; i + 8 <= length; i += 4) {
      if (b[i + 4] == 'G' && b[i + 5] == 'o' && b[i + 6] == 0 && b[i + 7] == 0 && u32(b, i, big) == 4) {
        return true;
      }
    }
    return false;
  }

  static int be32(byte[] b, int p) {
    return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
  }

  static int u16(byte[] b, int p, boolean big) {
    return big ? (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF) : (b[p + 1] & 0xFF) << 8 | (b[p] & 0xFF);
  }

  static long u32(byte[] b, int p, boolean big) {
    long v = big ? be32(b, p) : Integer.reverseBytes(be32(b, p));
    return v & 0xFFFFFFFFL;
  }

  /** A 64-bit field; negative when it does not fit a signed long (no real offset or size does). */
  static long u64(byte[] b, int p, boolean big) {
    long hi = u32(b, big ? p : p + 4, big);
    long lo = u32(b, big ? p + 4 : p, big);
    return hi << 32 | lo;
  }
}
