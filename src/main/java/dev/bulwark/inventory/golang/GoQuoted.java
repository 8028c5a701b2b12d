package dev.bulwark.inventory.golang;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Go string literals as {@code strconv.Quote} writes them into build settings: double-quoted with
 * Go's escapes, or back-quoted raw.
 */
final class GoQuoted {
  private GoQuoted() {}

  /** The length of the quoted literal {@code s} starts with, or -1 when it does not start with one. */
  static int prefixLength(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    char quote = s.charAt(0);
    if (quote == '`') {
      int close = s.indexOf('`', 1);
      return close < 0 ? -1 : close + 1;
    }
    if (quote != '"') {
      return -1;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      } else if (c == '\n') {
        return -1;
      }
    }
    return -1;
  }

  /** The value of the literal {@code s}, which must be exactly one literal. */
  static Optional<String> unquote(String s) {
    if (s.length() < 2 || prefixLength(s) != s.length()) {
      return Optional.empty();
    }
    String body = s.substring(1, s.length() - 1);
    if (s.charAt(0) == '`') {
      return Optional.of(body.replace("\r", ""));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        int end = i + 1;
        while (end < body.length() && body.charAt(end) != '\\') {
          end++;
        }
        out.writeBytes(body.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
        continue;
      }
      if (++i >= body.length()) {
        return Optional.empty();
      }
      int consumed = escape(body, i, out);
      if (consumed < 0) {
        return Optional.empty();
      }
      i += consumed - 1;
    }
    return Optional.of(out.toString(StandardCharsets.UTF_8));
  }

  /** Decodes the escape whose letter is at {@code s[i]}; returns the characters used, or -1. */
  private static int escape(String s, int i, ByteArrayOutputStream out) {
    char c = s.charAt(i);
    switch (c) {
      case 'a' -> out.write(7);
      case 'b' -> out.write('\b');
      case 'f' -> out.write('\f');
      case 'n' -> out.write('\n');
      case 'r' -> out.write('\r');
      case 't' -> out.write('\t');
      case 'v' -> out.write(11);
      case '\\', '"' -> out.write(c);
      case 'x' -> {
        int v = digits(s, i + 1, 2, 16);
        if (v < 0) {
          return -1;
        }
        out.write(v);
        return 3;
      }
      case 'u', 'U' -> {
        int count = c == 'u' ? 4 : 8;
        int v = digits(s, i + 1, count, 16);
        if (v < 0 || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v < 0xE000)) {
          return -1;
        }
        out.writeBytes(Character.toString(v).getBytes(StandardCharsets.UTF_8));
        return 1 + count;
      }
      default -> {
        int v = c >= '0' && c <= '7' ? digits(s, i, 3, 8) : -1;
        if (v < 0 || v > 255) {
          return -1;
        }
        out.write(v);
        return 3;
      }
    }
    return 1;
  }

  private static int digits(String s, int from, int count, int radix) {
    if (from + count > s.length()) {
      return -1;
    }
    long value = 0;
    for (int k = from; k < from + count; k++) {
      int d = Character.digit(s.charAt(k), radix);
      if (d < 0) {
        return -1;
      }
      value = value * radix + d;
    }
    return value > Integer.MAX_VALUE ? -1 : (int) value;
  }
}
