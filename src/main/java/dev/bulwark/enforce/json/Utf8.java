package dev.bulwark.enforce.json;

/**
 * UTF-8 validation as Go's {@code utf8.DecodeRune} does it: a sequence is valid only in its
 * shortest form, outside the surrogate range and up to U+10FFFF; an invalid one counts as a
 * single bad byte, so each such byte becomes one U+FFFD.
 */
final class Utf8 {
  private Utf8() {}

  /** The length of the valid sequence starting at {@code at}, or 0 when the byte there starts none. */
  static int sequenceLength(byte[] data, int at) {
    int b0 = data[at] & 0xff;
    int length;
    int low = 0x80;
    int high = 0xBF;
    if (b0 < 0x80) {
      return 1;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      length = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      length = 3;
      if (b0 == 0xE0) {
        low = 0xA0;
      } else if (b0 == 0xED) {
        high = 0x9F;
      }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      length = 4;
      if (b0 == 0xF0) {
        low = 0x90;
      } else if (b0 == 0xF4) {
        high = 0x8F;
      }
    } else {
      return 0;
    }
    if (at + length > data.length) {
      return 0;
    }
    int b1 = data[at + 1] & 0xff;
    if (b1 < low || b1 > high) {
      return 0;
    }
    for (int i = 2; i < length; i++) {
      int b = data[at + i] & 0xff;
      if (b < 0x80 || b > 0xBF) {
        return 0;
      }
    }
    return length;
  }

  static int decode(byte[] data, int at, int length) {
    int b0 = data[at] & 0xff;
    return switch (length) {
      case 1 -> b0;
      case 2 -> ((b0 & 0x1F) << 6) | (data[at + 1] & 0x3F);
      case 3 -> ((b0 & 0x0F) << 12) | ((data[at + 1] & 0x3F) << 6) | (data[at + 2] & 0x3F);
      default -> ((b0 & 0x07) << 18) | ((data[at + 1] & 0x3F) << 12) | ((data[at + 2] & 0x3F) << 6)
          | (data[at + 3] & 0x3F);
    };
  }
}
