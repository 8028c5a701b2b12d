package dev.bulwark.inventory.distro;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the shell-compatible {@code KEY=value} files {@code os-release(5)} and
 * {@code lsb-release} are, the way systemd reads them: leading whitespace and lines starting with
 * {@code #} or {@code ;} are ignored; a value may be unquoted (a backslash escapes the next
 * character, trailing whitespace is dropped), in double quotes (a backslash escapes
 * {@code $ " \ `} and a newline) or in single quotes (taken literally); quoted and unquoted parts
 * run together; a later assignment replaces an earlier one. A line with no {@code =} is skipped.
 */
final class ShellAssignments {
  private ShellAssignments() {}

  /** Keys kept from one file; os-release defines about 40. */
  static final int MAX_KEYS = 1000;

  private enum State { PRE_KEY, KEY, COMMENT, PRE_VALUE, VALUE, VALUE_ESCAPE, SINGLE, DOUBLE, DOUBLE_ESCAPE }

  static Map<String, String> parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    State state = State.PRE_KEY;
    StringBuilder key = new StringBuilder();
    StringBuilder value = new StringBuilder();
    int trailingSpace = 0;
    int n = text.length();
    for (int i = 0; i <= n; i++) {
      char c = i < n ? text.charAt(i) : '\n';
      boolean newline = c == '\n' || c == '\r';
      switch (state) {
        case PRE_KEY -> {
          if (c == '#' || c == ';') {
            state = State.COMMENT;
          } else if (!isSpace(c) && !newline) {
            key.setLength(0);
            key.append(c);
            state = State.KEY;
          }
        }
        case COMMENT -> {
          if (newline) {
            state = State.PRE_KEY;
          }
        }
        case KEY -> {
          if (newline) {
            state = State.PRE_KEY; // no '=': not an assignment
          } else if (c == '=') {
            value.setLength(0);
            trailingSpace = 0;
            state = State.PRE_VALUE;
          } else {
            key.append(c);
          }
        }
        case PRE_VALUE -> {
          if (newline) {
            store(values, key, value, trailingSpace);
            state = State.PRE_KEY;
          } else if (c == '"') {
            state = State.DOUBLE;
          } else if (c == '\'') {
            state = State.SINGLE;
          } else if (c == '\\') {
            state = State.VALUE_ESCAPE;
          } else if (!isSpace(c)) {
            value.append(c);
            trailingSpace = 0;
            state = State.VALUE;
          }
        }
        case VALUE -> {
          if (newline) {
            store(values, key, value, trailingSpace);
            state = State.PRE_KEY;
          } else if (c == '\\') {
            trailingSpace = 0;
            state = State.VALUE_ESCAPE;
          } else {
            value.append(c);
            trailingSpace = isSpace(c) ? trailingSpace + 1 : 0;
          }
        }
        case VALUE_ESCAPE -> {
          if (!newline) {
            value.append(c);
          }
          state = State.VALUE;
        }
        case SINGLE -> {
          if (c == '\'') {
            trailingSpace = 0;
            state = State.PRE_VALUE;
          } else if (i < n) {
            value.append(c);
          } else {
            store(values, key, value, 0); // unterminated at the end of the file
          }
        }
        case DOUBLE -> {
          if (c == '"') {
            trailingSpace = 0;
            state = State.PRE_VALUE;
          } else if (c == '\\') {
            state = State.DOUBLE_ESCAPE;
          } else if (i < n) {
            value.append(c);
          } else {
            store(values, key, value, 0);
          }
        }
        case DOUBLE_ESCAPE -> {
          if (c == '"' || c == '\\' || c == '`' || c == '$') {
            value.append(c);
          } else if (c != '\n') {
            value.append('\\').append(c);
          }
          state = State.DOUBLE;
        }
      }
      if (values.size() > MAX_KEYS) {
        throw new IllegalArgumentException("more than " + MAX_KEYS + " assignments");
      }
    }
    return values;
  }

  private static void store(Map<String, String> values, StringBuilder key, StringBuilder value, int trailingSpace) {
    String name = key.toString().strip();
    if (name.isEmpty() || !validKey(name)) {
      return;
    }
    values.put(name, value.substring(0, value.length() - trailingSpace));
  }

  private static boolean validKey(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }
}
