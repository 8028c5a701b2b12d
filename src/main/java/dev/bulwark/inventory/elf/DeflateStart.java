package dev.bulwark.inventory.elf;

/**
 * A cheap test of whether the bytes after a zlib header can begin a deflate stream whose first
 * byte of output is {@code '{'}, applied before handing a candidate to the inflater: most byte pairs
 * that look like a zlib header are not one, and the JDK's inflater reports each of those with an
 * exception, which costs microseconds. Rejects only what zlib itself would reject (RFC 1951).
 */
final class DeflateStart {
  private DeflateStart() {}

  /** Bits of the longest check: block header, three counts and 19 code length code lengths. */
  static final int BYTES_NEEDED = 11;

  private static final int STORED = 0;
  private static final int FIXED = 1;
  private static final int DYNAMIC = 2;

  /** The fixed Huffman code of the literal '{' (literals 0 to 143 are 0x30 + value, 8 bits). */
  private static final int FIXED_OPEN_BRACE = 0x30 + '{';

  /** The order in which code length code lengths are stored. */
  private static final int CODE_LENGTH_CODES = 19;

  /** Whether the deflate data starting at {@code b[p]} (after the two zlib header bytes) is plausible. */
  static boolean plausible(byte[] b, int p, int end) {
    if (p + BYTES_NEEDED > end) {
      return true; // too close to the end of the file to judge; let the inflater decide
    }
    Bits bits = new Bits(b, p);
    bits.read(1); // BFINAL
    int type = bits.read(2);
    return switch (type) {
      case STORED -> {
        int len = (b[p + 1] & 0xFF) | (b[p + 2] & 0xFF) << 8;
        int nlen = (b[p + 3] & 0xFF) | (b[p + 4] & 0xFF) << 8;
        yield len == (~nlen & 0xFFFF) && (len == 0 || b[p + 5] == '{');
      }
      case FIXED -> {
        int code = 0;
        for (int i = 0; i < 8; i++) {
          code = code << 1 | bits.read(1); // Huffman codes are packed most significant bit first
        }
        yield code == FIXED_OPEN_BRACE;
      }
      case DYNAMIC -> {
        int literals = bits.read(5) + 257;
        int distances = bits.read(5) + 1;
        int lengths = bits.read(4) + 4;
        if (literals > 286 || distances > 30) {
          yield false;
        }
        // zlib requires the code length code to be complete: Kraft sum exactly one.
        int left = 0;
        for (int i = 0; i < lengths && i < CODE_LENGTH_CODES; i++) {
          int length = bits.read(3);
          if (length > 0) {
            left += 1 << (7 - length);
          }
        }
        yield left == 1 << 7;
      }
      default -> false;
    };
  }

  /** Deflate's bit order: least significant bit of each byte first. */
  private static final class Bits {
    private final byte[] b;
    private long position;

    Bits(byte[] b, int start) {
      this.b = b;
      this.position = (long) start * 8;
    }

    int read(int count) {
      int value = 0;
      for (int i = 0; i < count; i++, position++) {
        value |= ((b[(int) (position >>> 3)] >>> (position & 7)) & 1) << i;
      }
      return value;
    }
  }
}
