package dev.bulwark.vuln.version;

import java.util.ArrayList;
import java.util.List;

/**
 * PHP's {@code version_compare} (ext/standard/versioning.c), made a consistent order.
 *
 * <p>Both versions are canonicalized as PHP does ({@code -}, {@code _}, {@code +} and other
 * non-alphanumerics become {@code .}, and a {@code .} goes between digits and non-digits; a version
 * starting with {@code #} is left as it is) and split at the dots. Parts compare as PHP compares
 * them: numbers as numbers; words by {@link #SPECIAL_FORMS} (a prefix match, unknown words lowest);
 * a number above every word but {@code pl}/{@code p}. When one version runs out, PHP weighs the
 * rest of the other against {@code #}: a number there makes the longer version newer, {@code p}
 * newer, {@code dev}, {@code alpha}, {@code beta}, {@code RC} or an unknown word older. That is the
 * same as padding the shorter version with {@code #} parts, which is how it is done here.
 *
 * <p>PHP itself is not antisymmetric or transitive on odd input: it takes a {@code #…} word equal
 * to every number ({@code 1.# = 1.1} and {@code 1.# = 1.2}), and when both versions stop after a
 * trailing dot it looks at the first only. Here a {@code #…} word equals only the padding (below
 * every number), and both sides are weighed alike. Numbers compare exactly at any length, where
 * PHP's {@code strtol} saturates at 2^63-1. The empty version is older than every other, as in PHP.
 */
final class PhpVersionCompare {
  /** The special forms, by prefix, with their weights: dev 0, alpha/a 1, beta/b 2, RC/rc 3, # 4, pl/p 5. */
  static final List<String> SPECIAL_FORMS = List.of("dev", "alpha", "a", "beta", "b", "RC", "rc", "#", "pl", "p");
  private static final List<Integer> WEIGHTS = List.of(0, 1, 1, 2, 2, 3, 3, 4, 5, 5);
  private static final int NUMBER_WEIGHT = 4;
  /** What a missing part weighs: PHP's "#N#". */
  private static final Part PAD = new Part(NUMBER_WEIGHT, false, "");

  private PhpVersionCompare() {}

  /**
   * One part: its weight, and for a number its digits (a number outranks a {@code #} word of the
   * same weight).
   */
  private record Part(int weight, boolean number, String digits) {
    int compareTo(Part o) {
      if (weight != o.weight) {
        return weight < o.weight ? -1 : 1;
      }
      if (number != o.number) {
        return number ? 1 : -1;
      }
      return number ? Digits.compare(digits, o.digits) : 0;
    }
  }

  static int compare(String v1, String v2) {
    if (v1.isEmpty() || v2.isEmpty()) {
      return v1.isEmpty() && v2.isEmpty() ? 0 : v1.isEmpty() ? -1 : 1;
    }
    List<Part> a = parts(v1);
    List<Part> b = parts(v2);
    int n = Math.max(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      Part x = i < a.size() ? a.get(i) : PAD;
      Part y = i < b.size() ? b.get(i) : PAD;
      int c = x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static List<Part> parts(String version) {
    String canonical = version.charAt(0) == '#' ? version : canonicalize(version);
    List<Part> parts = new ArrayList<>();
    int from = 0;
    while (true) {
      int dot = canonical.indexOf('.', from);
      String part = canonical.substring(from, dot < 0 ? canonical.length() : dot);
      if (!part.isEmpty() && Digits.isDigit(part.charAt(0))) {
        int end = 0;
        while (end < part.length() && Digits.isDigit(part.charAt(end))) {
          end++;
        }
        parts.add(new Part(NUMBER_WEIGHT, true, part.substring(0, end)));
      } else {
        parts.add(new Part(weight(part), false, ""));
      }
      if (dot < 0) {
        return parts;
      }
      from = dot + 1;
    }
  }

  private static int weight(String form) {
    for (int i = 0; i < SPECIAL_FORMS.size(); i++) {
      if (form.startsWith(SPECIAL_FORMS.get(i))) {
        return WEIGHTS.get(i);
      }
    }
    return -1;
  }

  /** {@code php_canonicalize_version}. */
  static String canonicalize(String version) {
    StringBuilder q = new StringBuilder(version.length() * 2);
    char lp = version.charAt(0);
    q.append(lp);
    for (int i = 1; i < version.length(); i++) {
      char c = version.charAt(i);
      char lq = q.charAt(q.length() - 1);
      if (c == '-' || c == '_' || c == '+') {
        if (lq != '.') {
          q.append('.');
        }
      } else if ((isNonDigit(lp) && Digits.isDigit(c)) || (Digits.isDigit(lp) && isNonDigit(c))) {
        if (lq != '.') {
          q.append('.');
        }
        q.append(c);
      } else if (!Digits.isDigit(c) && !Digits.isLetter(c)) {
        if (lq != '.') {
          q.append('.');
        }
      } else {
        q.append(c);
      }
      lp = c;
    }
    return q.toString();
  }

  private static boolean isNonDigit(char c) {
    return !Digits.isDigit(c) && c != '.';
  }
}
