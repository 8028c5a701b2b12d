package dev.bulwark.inventory.rpm;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * The first columns of an sqlite record (https://www.sqlite.org/fileformat2.html#record_format):
 * their serial types and where their bodies lie in the payload, every one checked to lie inside it.
 */
record SqliteRecord(byte[] payload, long[] types, int[] offsets) {
  static SqliteRecord parse(byte[] payload, int wanted) throws Malformed {
    int[] pos = {0};
    long headerSize = varint(payload, pos, payload.length);
    if (headerSize < 1 || headerSize > payload.length) {
      throw new Malformed("record header size " + headerSize + " is outside the record");
    }
    long[] types = new long[wanted];
    int[] offsets = new int[wanted];
    long body = headerSize;
    int n = 0;
    while (n < wanted && pos[0] < headerSize) {
      long type = varint(payload, pos, (int) headerSize);
      long length = bodyLength(type);
      if (length < 0) {
        throw new Malformed("column " + n + " has the reserved serial type " + type);
      }
      if (body + length > payload.length) {
        throw new Malformed("column " + n + " runs past the record");
      }
      types[n] = type;
      offsets[n] = (int) body;
      body += length;
      n++;
    }
    return new SqliteRecord(payload, Arrays.copyOf(types, n), Arrays.copyOf(offsets, n));
  }

  int columns() {
    return types.length;
  }

  boolean isBlob(int column) {
    return types[column] >= 12 && types[column] % 2 == 0;
  }

  boolean isText(int column) {
    return types[column] >= 13 && types[column] % 2 == 1;
  }

  boolean isInteger(int column) {
    return (types[column] >= 1 && types[column] <= 6) || types[column] == 8 || types[column] == 9;
  }

  int length(int column) {
    return (int) bodyLength(types[column]);
  }

  byte[] bytes(int column) {
    return Arrays.copyOfRange(payload, offsets[column], offsets[column] + length(column));
  }

  String text(int column, Charset charset) {
    return new String(payload, offsets[column], length(column), charset);
  }

  long integer(int column) {
    long type = types[column];
    if (type == 8 || type == 9) {
      return type - 8;
    }
    int length = length(column);
    long value = payload[offsets[column]]; // sign-extended first byte
    for (int i = 1; i < length; i++) {
      value = (value << 8) | (payload[offsets[column] + i] & 0xff);
    }
    return value;
  }

  /** The body size of a serial type; -1 for the reserved ones. */
  private static long bodyLength(long type) {
    if (type < 0) {
      return -1;
    }
    if (type >= 12) {
      return (type - 12) / 2;
    }
    return switch ((int) type) {
      case 0, 8, 9 -> 0;
      case 1 -> 1;
      case 2 -> 2;
      case 3 -> 3;
      case 4 -> 4;
      case 5 -> 6;
      case 6, 7 -> 8;
      default -> -1;
    };
  }

  private static long varint(byte[] b, int[] pos, int limit) throws Malformed {
    long value = 0;
    for (int i = 0; i < 9; i++) {
      if (pos[0] >= limit) {
        throw new Malformed("varint runs past the record header");
      }
      int x = b[pos[0]++] & 0xff;
      if (i == 8) {
        return (value << 8) | x;
      }
      value = (value << 7) | (x & 0x7f);
      if ((x & 0x80) == 0) {
        return value;
      }
    }
    throw new AssertionError();
  }

  /** A record that does not decode; the message says why. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }
}
