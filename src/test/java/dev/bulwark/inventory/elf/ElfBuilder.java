package dev.bulwark.inventory.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Minimal 64-bit little-endian ELF files for malformed-input tests: program headers, an optional
 * Go build ID note, and bytes placed at chosen offsets. Real linkers never write these cases.
 */
final class ElfBuilder {
  static final int R = 4;
  static final int RW = 6;
  static final int RX = 5;

  private final List<long[]> loads = new ArrayList<>();
  private final TreeMap<Long, byte[]> chunks = new TreeMap<>();
  private boolean goNote;

  ElfBuilder load(long offset, long vaddr, long fileSize, int flags) {
    loads.add(new long[] {offset, vaddr, fileSize, flags});
    return this;
  }

  ElfBuilder put(long offset, byte[] bytes) {
    chunks.put(offset, bytes);
    return this;
  }

  ElfBuilder goNote() {
    goNote = true;
    return this;
  }

  byte[] build(int size) {
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1});
    b.putShort(16, (short) 2).putShort(18, (short) 0x3E).putInt(20, 1);
    b.putLong(0x20, 64).putShort(0x34, (short) 64).putShort(0x36, (short) 56).putShort(0x38, (short) loads.size());
    for (int i = 0; i < loads.size(); i++) {
      long[] l = loads.get(i);
      int p = 64 + i * 56;
      b.putInt(p, 1).putInt(p + 4, (int) l[3]).putLong(p + 8, l[0]).putLong(p + 16, l[1]).putLong(p + 24, l[1])
          .putLong(p + 32, l[2]).putLong(p + 40, l[2]).putLong(p + 48, 0x1000);
    }
    if (goNote) {
      b.putInt(0x400, 4).putInt(0x404, 0).putInt(0x408, 4).put(0x40C, (byte) 'G').put(0x40D, (byte) 'o');
    }
    chunks.forEach((offset, bytes) ->
        b.put(offset.intValue(), bytes, 0, Math.min(bytes.length, size - offset.intValue())));
    return b.array();
  }

  static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);

  /** A Go 1.18+ build info blob: header, then the version and module information inline. */
  static byte[] inlineBuildInfo(String version, byte[] modinfo) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MAGIC);
    out.write(8);
    out.write(2);
    out.writeBytes(new byte[16]);
    byte[] v = version.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(uvarint(v.length));
    out.writeBytes(v);
    out.writeBytes(uvarint(modinfo.length));
    out.writeBytes(modinfo);
    return out.toByteArray();
  }

  /** A pre-1.18 header: two pointers to Go string headers. */
  static byte[] pointerBuildInfo(long versionHeader, long modHeader) {
    ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 8).put((byte) 0).putLong(versionHeader).putLong(modHeader);
    return b.array();
  }

  /** A Go string header: data address and length. */
  static byte[] stringHeader(long address, long length) {
    return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(address).putLong(length).array();
  }

  /** Module information text between cmd/go's sentinels, as the linker stores it. */
  static byte[] framed(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(GoStringRetention.INFO_START);
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(GoStringRetention.INFO_END);
    return out.toByteArray();
  }

  static byte[] uvarint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (Long.compareUnsigned(value, 0x80) >= 0) {
      out.write((int) (value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write((int) value);
    return out.toByteArray();
  }
}
