package dev.bulwark.vuln.version;

import java.util.List;

/**
 * PHP's {@code version_compare} (ext/standard/versioning.c): the versions are canonicalized
 * ({@code -}, {@code _}, {@code +} and other non-alphanumerics become {@code .}, and a {@code .} is
 * put between digits and non-digits), then compared part by part — numbers as numbers, words by
 * {@link #SPECIAL_FORMS} (a prefix match, unknown words lowest), a number equal to {@code #} and
 * above every other word. When one version runs out, the other is newer if it goes on with a
 * number, else its rest is compared with {@code #}.
 */
final class PhpVersionCompare {
  /** The special forms, by prefix, with their weights: dev 0, alpha/a 1, beta/b 2, RC/rc 3, # 4, pl/p 5. */
  static final List<String> SPECIAL_FORMS = List.of("dev", "alpha", "a", "beta", "b", "RC", "rc", "#", "pl", "p");
  private static final List<Integer> WEIGHTS = List.of(0, 1, 1, 2, 2, 3, 3, 4, 5, 5);
  private static final String NUMBER = "#N#";

  private PhpVersionCompare() {}

  static int compare(String v1, String v2) {
    if (v1.isEmpty() || v2.isEmpty()) {
      return v1.isEmpty() && v2.isEmpty() ? 0 : v1.isEmpty() ? -1 : 1;
    }
    String a = v1.charAt(0) == '#' ? v1 : canonicalize(v1);
    String b = v2.charAt(0) == '#' ? v2 : canonicalize(v2);
    int p1 = 0;
    int p2 = 0;
    int n1 = 0;
    int n2 = 0;
    int compare = 0;
    while (p1 < a.length() && p2 < b.length() && n1 >= 0 && n2 >= 0) {
      n1 = a.indexOf('.', p1);
      n2 = b.indexOf('.', p2);
      String part1 = a.substring(p1, n1 < 0 ? a.length() : n1);
      String part2 = b.substring(p2, n2 < 0 ? b.length() : n2);
      compare = compareParts(part1, part2);
      if (compare != 0) {
        break;
      }
      if (n1 >= 0) {
        p1 = n1 + 1;
      }
      if (n2 >= 0) {
        p2 = n2 + 1;
      }
    }
    if (compare == 0) {
      if (n1 >= 0 && n2 >= 0) {
        // Both stopped after a dot, one at the very end: PHP then looks at the first only and is
        // not antisymmetric ("1." < "1_" and "1_" < "1."); here both tails are weighed.
        compare = Integer.signum(tail(a, p1) - tail(b, p2));
      } else if (n1 >= 0) {
        compare = tail(a, p1);
      } else if (n2 >= 0) {
        compare = -tail(b, p2);
      }
    }
    return Integer.signum(compare);
  }

  /** How the rest of a version from {@code from} weighs against a missing part: PHP's tail rule. */
  private static int tail(String v, int from) {
    return from < v.length() && Digits.isDigit(v.charAt(from)) ? 1 : restAgainstNumber(v.substring(from));
  }

  /** {@code php_version_compare(rest, "#N#")}, iteratively: its recursion only ever walks {@code rest}. */
  private static int restAgainstNumber(String rest) {
    String r = rest;
    while (true) {
      if (r.isEmpty()) {
        return -1;
      }
      String c = r.charAt(0) == '#' ? r : canonicalize(r);
      int dot = c.indexOf('.');
      String part = dot < 0 ? c : c.substring(0, dot);
      int compare = compareParts(part, NUMBER);
      if (compare != 0 || dot < 0) {
        return compare;
      }
      String next = c.substring(dot + 1);
      if (!next.isEmpty() && Digits.isDigit(next.charAt(0))) {
        return 1;
      }
      r = next;
    }
  }

  private static int compareParts(String a, String b) {
    boolean aNumber = !a.isEmpty() && Digits.isDigit(a.charAt(0));
    boolean bNumber = !b.isEmpty() && Digits.isDigit(b.charAt(0));
    if (aNumber && bNumber) {
      return Digits.compare(a, 0, leadingDigits(a), b, 0, leadingDigits(b));
    }
    if (!aNumber && !bNumber) {
      return Integer.signum(weight(a) - weight(b));
    }
    return aNumber ? Integer.signum(weight(NUMBER) - weight(b)) : Integer.signum(weight(a) - weight(NUMBER));
  }

  private static int leadingDigits(String s) {
    int i = 0;
    while (i < s.length() && Digits.isDigit(s.charAt(i))) {
      i++;
    }
    return i;
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
