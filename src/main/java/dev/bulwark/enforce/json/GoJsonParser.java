package dev.bulwark.enforce.json;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses JSON with the syntax Go's encoding/json accepts: RFC 8259 exactly (no comments, no
 * trailing commas, no leading zeros, no byte order mark), any bytes in strings except control
 * characters, and strings unquoted as Go's {@code unquote} does: each byte that does not start a
 * valid UTF-8 sequence becomes U+FFFD, a {@code \}{@code u} surrogate not part of a valid pair
 * becomes U+FFFD. One value; anything after it but white space is an error (dockerd's newer
 * decoders refuse it, older ones ignore it: refusing is the safe reading).
 */
public final class GoJsonParser {
  /** Docker and Kubernetes bodies nest a handful of levels; Go allows 10,000, the stack would not. */
  public static final int MAX_DEPTH = 128;

  private final byte[] data;
  private int pos;

  private GoJsonParser(byte[] data) {
    this.data = data;
  }

  /** Parses {@code data}; malformed input is a {@link GoJsonException} naming the offset. */
  public static JsonValue parse(byte[] data) {
    GoJsonParser parser = new GoJsonParser(data);
    parser.skipSpace();
    if (parser.pos >= data.length) {
      throw new GoJsonException("empty body");
    }
    JsonValue value = parser.value(0);
    parser.skipSpace();
    if (parser.pos < data.length) {
      throw parser.error("content after the top-level value");
    }
    return value;
  }

  private JsonValue value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
    if (pos >= data.length) {
      throw error("unexpected end of JSON input");
    }
    return switch (data[pos]) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> new JsonValue.Str(string());
      case 't' -> literal("true", new JsonValue.Bool(true));
      case 'f' -> literal("false", new JsonValue.Bool(false));
      case 'n' -> literal("null", new JsonValue.Null());
      default -> {
        if (data[pos] == '-' || (data[pos] >= '0' && data[pos] <= '9')) {
          yield number();
        }
        throw error("invalid character " + describe(data[pos]) + " looking for beginning of value");
      }
    };
  }

  private JsonValue object(int depth) {
    pos++;
    List<JsonValue.Member> members = new ArrayList<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      return new JsonValue.Obj(members);
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a string key");
      }
      String key = string();
      skipSpace();
      if (peek() != ':') {
        throw error("expected ':' after object key");
      }
      pos++;
      skipSpace();
      members.add(new JsonValue.Member(key, value(depth + 1)));
      skipSpace();
      int c = peek();
      pos++;
      if (c == '}') {
        return new JsonValue.Obj(members);
      }
      if (c != ',') {
        throw error("expected ',' or '}' after object value");
      }
    }
  }

  private JsonValue array(int depth) {
    pos++;
    List<JsonValue> elements = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return new JsonValue.Arr(elements);
    }
    while (true) {
      skipSpace();
      elements.add(value(depth + 1));
      skipSpace();
      int c = peek();
      pos++;
      if (c == ']') {
        return new JsonValue.Arr(elements);
      }
      if (c != ',') {
        throw error("expected ',' or ']' after array element");
      }
    }
  }

  private JsonValue literal(String word, JsonValue value) {
    for (int i = 0; i < word.length(); i++) {
      if (pos + i >= data.length || data[pos + i] != word.charAt(i)) {
        pos += i;
        throw error("invalid literal, expected '" + word + "'");
      }
    }
    pos += word.length();
    return value;
  }

  private JsonValue number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (peek() >= '1' && peek() <= '9') {
      digits();
    } else {
      throw error("invalid number");
    }
    if (peek() == '.') {
      pos++;
      if (!(peek() >= '0' && peek() <= '9')) {
        throw error("invalid number: no digit after the decimal point");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!(peek() >= '0' && peek() <= '9')) {
        throw error("invalid number: no digit in the exponent");
      }
      digits();
    }
    return new JsonValue.Num(new String(data, start, pos - start, java.nio.charset.StandardCharsets.US_ASCII));
  }

  private void digits() {
    while (peek() >= '0' && peek() <= '9') {
      pos++;
    }
  }

  /** A string at {@code pos} (on its opening quote), unquoted as Go's {@code unquote} does. */
  private String string() {
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= data.length) {
        throw error("unexpected end of JSON input inside a string");
      }
      int b = data[pos] & 0xff;
      if (b == '"') {
        pos++;
        return out.toString();
      }
      if (b < 0x20) {
        throw error("invalid character " + describe((byte) b) + " in string literal");
      }
      if (b == '\\') {
        escape(out);
      } else if (b < 0x80) {
        out.append((char) b);
        pos++;
      } else {
        int length = Utf8.sequenceLength(data, pos);
        if (length == 0) {
          out.append('\uFFFD');
          pos++;
        } else {
          out.appendCodePoint(Utf8.decode(data, pos, length));
          pos += length;
        }
      }
    }
  }

  private void escape(StringBuilder out) {
    pos++;
    if (pos >= data.length) {
      throw error("unexpected end of JSON input inside a string");
    }
    byte c = data[pos++];
    switch (c) {
      case '"', '\\', '/' -> out.append((char) c);
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'u' -> {
        int unit = hex4(pos);
        if (unit < 0) {
          throw error("invalid \\u escape");
        }
        pos += 4;
        if (unit >= 0xD800 && unit <= 0xDFFF) {
          // Go pairs a high surrogate with an immediately following \\u low surrogate; anything else is U+FFFD.
          if (unit <= 0xDBFF && pos + 1 < data.length && data[pos] == '\\' && data[pos + 1] == 'u') {
            int low = hex4(pos + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
              pos += 6;
              out.appendCodePoint(Character.toCodePoint((char) unit, (char) low));
              return;
            }
          }
          out.append('\uFFFD');
        } else {
          out.append((char) unit);
        }
      }
      default -> {
        pos--;
        throw error("invalid character " + describe(c) + " in string escape code");
      }
    }
  }

  private int hex4(int at) {
    if (at + 4 > data.length) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(data[at + i], 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  private int peek() {
    return pos < data.length ? data[pos] & 0xff : -1;
  }

  private void skipSpace() {
    while (pos < data.length) {
      byte b = data[pos];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return;
      }
      pos++;
    }
  }

  private static String describe(byte b) {
    int c = b & 0xff;
    return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02x", c);
  }

  private GoJsonException error(String message) {
    return new GoJsonException(message + " at offset " + pos);
  }
}
