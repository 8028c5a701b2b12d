package dev.bulwark.vuln.version;

import java.nio.charset.StandardCharsets;

/**
 * Numeric comparison of runs of ASCII digits of any length, without parsing them into a bounded
 * type: leading zeros are skipped, then the longer run is the larger number, then the first
 * differing digit decides. Versions carry numbers of any size (dates, build stamps, hashes that
 * happen to be all digits), and none of the real tools this package follows may overflow here.
 */
final class Digits {
  private Digits() {}

  /** Compares {@code a[aFrom, aTo)} and {@code b[bFrom, bTo)}, both runs of ASCII digits, as numbers. */
  static int compare(CharSequence a, int aFrom, int aTo, CharSequence b, int bFrom, int bTo) {
    while (aFrom < aTo && a.charAt(aFrom) == '0') {
      aFrom++;
    }
    while (bFrom < bTo && b.charAt(bFrom) == '0') {
      bFrom++;
    }
    int aLength = aTo - aFrom;
    int bLength = bTo - bFrom;
    if (aLength != bLength) {
      return aLength < bLength ? -1 : 1;
    }
    for (int i = 0; i < aLength; i++) {
      char x = a.charAt(aFrom + i);
      char y = b.charAt(bFrom + i);
      if (x != y) {
        return x < y ? -1 : 1;
      }
    }
    return 0;
  }

  /** Compares two strings of ASCII digits as numbers. */
  static int compare(String a, String b) {
    return compare(a, 0, a.length(), b, 0, b.length());
  }

  /** Whether {@code c} is an ASCII digit (the tools this package follows use the C locale). */
  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Whether {@code c} is an ASCII letter. */
  static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Whether {@code s} is a non-empty run of ASCII digits. */
  static boolean allDigits(CharSequence s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The UTF-8 bytes of {@code s}, one char per byte (0–255), for the schemes whose tools compare
   * bytes (dpkg, rpm, apk). ASCII strings, nearly all versions, are returned as they are.
   */
  static String utf8Bytes(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      }
    }
    return s;
  }

  /** {@code -1}, {@code 0} or {@code 1}. */
  static int sign(int c) {
    return Integer.signum(c);
  }
}
