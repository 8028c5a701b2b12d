package dev.bulwark.vuln.version;

import java.util.List;

/**
 * Alpine (and Wolfi, Chainguard, …) package versions, ordered as apk-tools' {@code apk version -t}
 * (src/version.c of apk-tools 3, the grammar with commit hashes):
 * {@code digit{.digit}…{letter}{_suffix{#}}…{~hash}{-r#}}.
 *
 * <ul>
 *   <li>The first number compares numerically; a later number compares numerically unless either
 *       side has a leading zero, then as a string ({@code 1.02 < 1.1}, Gentoo's rule).
 *   <li>Suffixes {@code _alpha < _beta < _pre < _rc <} none {@code < _cvs < _svn < _git < _hg <
 *       _p}; a revision {@code -rN} follows them; {@code ~hash} (lowercase hex) compares as a string.
 *   <li>When one version runs out first, the other is newer unless what it has next is a
 *       pre-release suffix; otherwise the token that comes later in the grammar makes it older.
 *   <li>Invalid input is compared as apk compares it: token by token until the first token apk
 *       cannot read, which counts as an end that sorts below every other token
 *       ({@code 1-ruff < 1}); two versions that turn invalid at the same point are equal there.
 * </ul>
 *
 * <p>One extension, from apk-tools 2.x (older Alpine releases): digits right after the letter ({@code
 * 6.6.2p1}, OpenSSH's versions in Alpine's older security data) are a number compared as a
 * number, where apk-tools 3 stops reading; otherwise {@code 6.6.2p1-r0} and {@code 6.6.2p1-r1}
 * would be equal. Where the older apk-tools order other invalid strings differently ({@code 0..1..0}
 * against {@code 0..1..1}), this scheme follows apk-tools 3; the test data lists those cases.
 *
 * <p>One deliberate difference: apk reads numbers into a 64-bit integer that wraps; here numbers of
 * any length compare exactly. No real package version has a number of 20 digits.
 */
public final class ApkScheme implements VersionScheme {
  // Token kinds, in apk's order: a version that goes on with a later kind is the older one.
  private static final int INITIAL_DIGIT = 0;
  private static final int DIGIT = 1;
  private static final int LETTER = 2;
  private static final int SUFFIX = 3;
  private static final int SUFFIX_NO = 4;
  private static final int COMMIT_HASH = 5;
  private static final int REVISION_NO = 6;
  private static final int END = 7;
  private static final int INVALID = 8;

  // Suffix values; NONE is the pivot between pre- and post-release suffixes.
  private static final int SUFFIX_INVALID = 0;
  private static final int SUFFIX_NONE = 5;
  private static final List<String> SUFFIXES =
      List.of("", "alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p");

  @Override
  public String name() {
    return "apk";
  }

  @Override
  public int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    Tokens ta = new Tokens(Digits.utf8Bytes(a));
    Tokens tb = new Tokens(Digits.utf8Bytes(b));
    ta.first();
    tb.first();
    while (ta.token == tb.token && ta.token < END) {
      int r = compareTokens(ta, tb);
      if (r != 0) {
        return r;
      }
      ta.next();
      tb.next();
    }
    if (ta.token == tb.token) {
      return 0;
    }
    if (ta.token == SUFFIX && ta.suffix < SUFFIX_NONE) {
      return -1;
    }
    if (tb.token == SUFFIX && tb.suffix < SUFFIX_NONE) {
      return 1;
    }
    return ta.token > tb.token ? -1 : 1;
  }

  @Override
  public boolean isValid(String version) {
    Tokens t = new Tokens(Digits.utf8Bytes(version));
    for (t.first(); t.token < END; t.next()) {
      // walk to the end or the first invalid token
    }
    return t.token == END;
  }

  private static int compareTokens(Tokens a, Tokens b) {
    return switch (a.token) {
      case DIGIT -> !a.afterLetter && !b.afterLetter && (a.s.charAt(a.start) == '0' || b.s.charAt(b.start) == '0')
          ? compareBytes(a, b)
          : Digits.compare(a.s, a.start, a.end, b.s, b.start, b.end);
      case INITIAL_DIGIT, SUFFIX_NO, REVISION_NO -> Digits.compare(a.s, a.start, a.end, b.s, b.start, b.end);
      case LETTER -> Integer.signum(a.s.charAt(a.start) - b.s.charAt(b.start));
      case SUFFIX -> Integer.signum(a.suffix - b.suffix);
      default -> compareBytes(a, b);
    };
  }

  /** apk's {@code apk_blob_sort}: {@code memcmp} of the common length, then the shorter first. */
  private static int compareBytes(Tokens a, Tokens b) {
    int n = Math.min(a.end - a.start, b.end - b.start);
    for (int k = 0; k < n; k++) {
      char x = a.s.charAt(a.start + k);
      char y = b.s.charAt(b.start + k);
      if (x != y) {
        return x < y ? -1 : 1;
      }
    }
    return Integer.signum((a.end - a.start) - (b.end - b.start));
  }

  /** apk's token state over one version (as bytes): the current token and its text. */
  private static final class Tokens {
    final String s;
    int position;
    int token;
    int suffix;
    int start;
    int end;
    /** Whether the current digits follow a letter directly (apk 2.x), so compare as numbers. */
    boolean afterLetter;

    Tokens(String s) {
      this.s = s;
    }

    void first() {
      token = INITIAL_DIGIT;
      digits();
    }

    void next() {
      if (position >= s.length()) {
        token = END;
        return;
      }
      char c = s.charAt(position);
      if (c >= 'a' && c <= 'z') {
        if (token > DIGIT) {
          token = INVALID;
          return;
        }
        start = position;
        end = ++position;
        token = LETTER;
      } else if (c == '.' || Digits.isDigit(c)) {
        if (c == '.') {
          if (token > DIGIT) {
            token = INVALID;
            return;
          }
          position++;
        }
        afterLetter = token == LETTER && c != '.';
        switch (token) {
          case INITIAL_DIGIT, DIGIT -> token = DIGIT;
          case LETTER -> {
            if (afterLetter) {
              token = DIGIT; // apk-tools 2.x: 6.6.2p1
            } else {
              token = INVALID;
              return;
            }
          }
          case SUFFIX -> token = SUFFIX_NO;
          default -> {
            token = INVALID;
            return;
          }
        }
        digits();
      } else if (c == '_') {
        if (token > SUFFIX_NO) {
          token = INVALID;
          return;
        }
        start = ++position;
        while (position < s.length() && isSuffixChar(s.charAt(position))) {
          position++;
        }
        end = position;
        suffix = suffixValue();
        token = suffix == SUFFIX_INVALID ? INVALID : SUFFIX;
      } else if (c == '~') {
        if (token >= COMMIT_HASH) {
          token = INVALID;
          return;
        }
        start = ++position;
        while (position < s.length() && isHexChar(s.charAt(position))) {
          position++;
        }
        end = position;
        token = start == end ? INVALID : COMMIT_HASH;
      } else if (c == '-') {
        if (token >= REVISION_NO || position + 1 >= s.length() || s.charAt(position + 1) != 'r') {
          token = INVALID;
          return;
        }
        position += 2;
        token = REVISION_NO;
        digits();
      } else {
        token = INVALID;
      }
    }

    private void digits() {
      start = position;
      while (position < s.length() && Digits.isDigit(s.charAt(position))) {
        position++;
      }
      end = position;
      if (start == end) {
        token = INVALID;
      }
    }

    private int suffixValue() {
      int length = end - start;
      if (length == 0) {
        return SUFFIX_INVALID;
      }
      int value = switch (s.charAt(start)) {
        case 'a' -> 1;
        case 'b' -> 2;
        case 'c' -> 6;
        case 'g' -> 8;
        case 'h' -> 9;
        case 'p' -> length > 1 ? 3 : 10;
        case 'r' -> 4;
        case 's' -> 7;
        default -> SUFFIX_INVALID;
      };
      return value != SUFFIX_INVALID && SUFFIXES.get(value).length() == length
          && s.regionMatches(start, SUFFIXES.get(value), 0, length) ? value : SUFFIX_INVALID;
    }

    // apk's character classes are tables over ASCII; bytes from 0x80 up fall outside the table
    // and so are taken as members of every class.
    private static boolean isSuffixChar(char c) {
      return (c >= 'a' && c <= 'z') || c >= 0x80;
    }

    private static boolean isHexChar(char c) {
      return Digits.isDigit(c) || (c >= 'a' && c <= 'f') || c >= 0x80;
    }
  }
}
