package dev.bulwark.inventory.rpm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One package header as the rpm database stores it: an index of entries (tag, type, offset, count),
 * then the data store they point into. Unlike a header inside a {@code .rpm} file it has no magic
 * and no reserved word; it starts with the entry count and the data length, all big-endian.
 *
 * <p>Every entry is checked against the data store when the header is parsed, so a read never
 * leaves the blob. A later entry for a tag wins over an earlier one, as in rpm (entries past the
 * immutable region replace those in it).
 */
final class RpmHeader {
  /** rpm's own ceiling on index entries ({@code hdrchkTags}: the count must fit 16 bits). */
  static final int MAX_INDEX_ENTRIES = 0xffff;
  /**
   * The largest header Bulwark reads. rpm allows 256 MiB; the largest real headers (texlive
   * collections, kernel sources) are a few MiB.
   */
  static final int MAX_HEADER_BYTES = 64 << 20;

  private static final int ENTRY_BYTES = 16;
  private static final int PREAMBLE_BYTES = 8;

  // Entry types (rpmTagType).
  private static final int NULL = 0;
  private static final int CHAR = 1;
  private static final int INT8 = 2;
  private static final int INT16 = 3;
  private static final int INT32 = 4;
  private static final int INT64 = 5;
  private static final int STRING = 6;
  private static final int BIN = 7;
  private static final int STRING_ARRAY = 8;
  private static final int I18NSTRING = 9;

  private final byte[] blob;
  private final int dataStart;
  private final int dataLength;
  private final int[] tags;
  private final int[] types;
  private final int[] offsets;
  private final int[] counts;

  private RpmHeader(byte[] blob, int dataStart, int dataLength, int[] tags, int[] types, int[] offsets,
      int[] counts) {
    this.blob = blob;
    this.dataStart = dataStart;
    this.dataLength = dataLength;
    this.tags = tags;
    this.types = types;
    this.offsets = offsets;
    this.counts = counts;
  }

  /** Parses and checks a header blob; the blob is kept, not copied. */
  static RpmHeader parse(byte[] blob) {
    if (blob.length < PREAMBLE_BYTES) {
      throw new MalformedHeaderException("header of " + blob.length + " bytes is shorter than its preamble");
    }
    if (blob.length > MAX_HEADER_BYTES) {
      throw new MalformedHeaderException("header of " + blob.length + " bytes is over the limit of "
          + MAX_HEADER_BYTES);
    }
    long entryCount = uint32(blob, 0);
    long dataLength = uint32(blob, 4);
    if (entryCount < 1 || entryCount > MAX_INDEX_ENTRIES) {
      throw new MalformedHeaderException("header index count " + entryCount + " is not in 1.." + MAX_INDEX_ENTRIES);
    }
    long expected = PREAMBLE_BYTES + entryCount * ENTRY_BYTES + dataLength;
    if (expected != blob.length) {
      throw new MalformedHeaderException("header declares " + entryCount + " entries and " + dataLength
          + " data bytes (" + expected + " bytes in all) but holds " + blob.length);
    }
    int n = (int) entryCount;
    int data = PREAMBLE_BYTES + n * ENTRY_BYTES;
    int[] tags = new int[n];
    int[] types = new int[n];
    int[] offsets = new int[n];
    int[] counts = new int[n];
    for (int i = 0; i < n; i++) {
      int at = PREAMBLE_BYTES + i * ENTRY_BYTES;
      tags[i] = (int) uint32(blob, at);
      long type = uint32(blob, at + 4);
      long offset = uint32(blob, at + 8);
      long count = uint32(blob, at + 12);
      if (type > I18NSTRING) {
        throw new MalformedHeaderException("entry " + i + " (tag " + tags[i] + ") has unknown type " + type);
      }
      if (offset >= dataLength && !(offset == dataLength && count == 0)) {
        throw new MalformedHeaderException("entry " + i + " (tag " + tags[i] + ") offset " + offset
            + " is outside the " + dataLength + "-byte data store");
      }
      // Every element takes at least one byte, so no count can exceed the data store.
      if (count > dataLength) {
        throw new MalformedHeaderException("entry " + i + " (tag " + tags[i] + ") count " + count
            + " exceeds the " + dataLength + "-byte data store");
      }
      long fixed = elementSize((int) type);
      if (fixed > 0 && offset + fixed * count > dataLength) {
        throw new MalformedHeaderException("entry " + i + " (tag " + tags[i] + ") runs past the data store");
      }
      types[i] = (int) type;
      offsets[i] = (int) offset;
      counts[i] = (int) count;
    }
    return new RpmHeader(blob, data, (int) dataLength, tags, types, offsets, counts);
  }

  boolean has(int tag) {
    return find(tag) >= 0;
  }

  /** A string tag; for an array or i18n string, its first element (the untranslated one). */
  Optional<String> string(int tag) {
    int i = find(tag);
    if (i < 0) {
      return Optional.empty();
    }
    switch (types[i]) {
      case STRING, STRING_ARRAY, I18NSTRING -> {
        if (counts[i] == 0) {
          return Optional.empty();
        }
        int start = dataStart + offsets[i];
        return Optional.of(new String(blob, start, stringEnd(i, start) - start, StandardCharsets.UTF_8));
      }
      default -> throw wrongType(i, "a string");
    }
  }

  /** A string array tag (a single string reads as an array of one). */
  List<String> strings(int tag) {
    int i = find(tag);
    if (i < 0) {
      return List.of();
    }
    if (types[i] != STRING && types[i] != STRING_ARRAY && types[i] != I18NSTRING) {
      throw wrongType(i, "a string array");
    }
    int count = types[i] == STRING ? Math.min(counts[i], 1) : counts[i];
    List<String> values = new ArrayList<>(Math.min(count, 1024));
    int start = dataStart + offsets[i];
    for (int k = 0; k < count; k++) {
      int end = stringEnd(i, start);
      values.add(new String(blob, start, end - start, StandardCharsets.UTF_8));
      start = end + 1;
    }
    return values;
  }

  /** The first value of an integer tag of any width, as rpm's {@code %{TAG}} shows it. */
  OptionalLong integer(int tag) {
    int i = find(tag);
    if (i < 0 || counts[i] == 0) {
      return OptionalLong.empty();
    }
    int at = dataStart + offsets[i];
    return switch (types[i]) {
      case CHAR, INT8 -> OptionalLong.of(blob[at] & 0xff);
      case INT16 -> OptionalLong.of((blob[at] & 0xff) << 8 | (blob[at + 1] & 0xff));
      case INT32 -> OptionalLong.of(uint32(blob, at));
      case INT64 -> OptionalLong.of((uint32(blob, at) << 32) | uint32(blob, at + 4));
      default -> throw wrongType(i, "an integer");
    };
  }

  /** An INT32 array tag, unsigned values as rpm stores them. */
  long[] int32s(int tag) {
    int i = find(tag);
    if (i < 0) {
      return new long[0];
    }
    if (types[i] != INT32) {
      throw wrongType(i, "an INT32 array");
    }
    long[] values = new long[counts[i]];
    for (int k = 0; k < values.length; k++) {
      values[k] = uint32(blob, dataStart + offsets[i] + 4 * k);
    }
    return values;
  }

  private int find(int tag) {
    for (int i = tags.length - 1; i >= 0; i--) {
      if (tags[i] == tag) {
        return i;
      }
    }
    return -1;
  }

  /** Where the NUL-terminated string starting at {@code start} ends, inside the data store. */
  private int stringEnd(int entry, int start) {
    int limit = dataStart + dataLength;
    for (int k = start; k < limit; k++) {
      if (blob[k] == 0) {
        return k;
      }
    }
    throw new MalformedHeaderException("tag " + tags[entry] + ": string runs past the data store");
  }

  private MalformedHeaderException wrongType(int entry, String wanted) {
    return new MalformedHeaderException("tag " + tags[entry] + " has type " + types[entry] + ", not " + wanted);
  }

  private static long elementSize(int type) {
    return switch (type) {
      case NULL, STRING, STRING_ARRAY, I18NSTRING -> 0;
      case CHAR, INT8, BIN -> 1;
      case INT16 -> 2;
      case INT32 -> 4;
      case INT64 -> 8;
      default -> throw new IllegalArgumentException("type " + type);
    };
  }

  private static long uint32(byte[] b, int at) {
    return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
  }
}
