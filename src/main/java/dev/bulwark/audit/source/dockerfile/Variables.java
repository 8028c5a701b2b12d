package dev.bulwark.audit.source.dockerfile;

import java.util.Map;
import java.util.Optional;

/**
 * Expands {@code $NAME}, {@code ${NAME}} and the {@code ${NAME:-default}}, {@code ${NAME-default}},
 * {@code ${NAME:+alt}}, {@code ${NAME+alt}} forms in one word as BuildKit does for FROM and USER,
 * with the escape character protecting a {@code $} and quotes removed (single quotes do not expand).
 * A variable without a known value makes the whole word unresolved: the audit reports what is
 * certain, and a build argument can be overridden at build time anyway.
 */
final class Variables {
  private Variables() {}

  /** The expanded word, or empty when it refers to a variable with no known value. */
  static Optional<String> expand(String word, Map<String, String> values, char escape) {
    StringBuilder out = new StringBuilder();
    char quote = 0;
    int i = 0;
    while (i < word.length()) {
      char c = word.charAt(i);
      if (c == escape && quote != '\'' && i + 1 < word.length()) {
        out.append(word.charAt(i + 1));
        i += 2;
      } else if ((c == '"' || c == '\'') && (quote == 0 || quote == c)) {
        quote = quote == 0 ? c : 0;
        i++;
      } else if (c == '$' && quote != '\'' && i + 1 < word.length()) {
        int end = reference(word, i, values, out);
        if (end < 0) {
          return Optional.empty();
        }
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return Optional.of(out.toString());
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /** Expands the reference at {@code start} into {@code out}; returns where it ends, or -1 if unresolved. */
  private static int reference(String word, int start, Map<String, String> values, StringBuilder out) {
    char next = word.charAt(start + 1);
    if (next != '{') {
      int end = start + 1;
      while (end < word.length() && isNameChar(word.charAt(end))) {
        end++;
      }
      if (end == start + 1) {
        out.append('$');
        return start + 1;
      }
      String value = values.get(word.substring(start + 1, end));
      if (value == null) {
        return -1;
      }
      out.append(value);
      return end;
    }
    int close = word.indexOf('}', start + 2);
    if (close < 0) {
      return -1;
    }
    String body = word.substring(start + 2, close);
    int nameEnd = 0;
    while (nameEnd < body.length() && isNameChar(body.charAt(nameEnd))) {
      nameEnd++;
    }
    String name = body.substring(0, nameEnd);
    String operator = body.substring(nameEnd);
    String value = values.get(name);
    boolean set = value != null;
    boolean nonEmpty = set && !value.isEmpty();
    String result;
    if (operator.isEmpty()) {
      result = value;
    } else if (operator.startsWith(":-")) {
      result = nonEmpty ? value : operator.substring(2);
    } else if (operator.startsWith("-")) {
      result = set ? value : operator.substring(1);
    } else if (operator.startsWith(":+")) {
      result = nonEmpty ? operator.substring(2) : set ? "" : null;
    } else if (operator.startsWith("+")) {
      result = set ? operator.substring(1) : null;
    } else {
      result = null; // ${NAME:?err} and pattern forms: only a build decides
    }
    if (result == null) {
      return -1;
    }
    out.append(result);
    return close + 1;
  }
}
