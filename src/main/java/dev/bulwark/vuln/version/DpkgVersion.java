package dev.bulwark.vuln.version;

import java.util.Objects;

/**
 * A Debian version {@code [epoch:]upstream[-revision]} as dpkg parses it (lib/dpkg/parsehelp.c,
 * {@code parseversion}): blanks around it are trimmed, the epoch is the decimal number before the
 * first colon (missing means 0), the revision is what follows the last hyphen (missing means
 * empty).
 *
 * <p>{@link #parse} never fails. Where dpkg would refuse the string (an empty version, an epoch
 * that is not a number, nothing after the colon, an empty revision, embedded blanks), it still
 * returns the closest reading and marks it {@code valid = false}: a non-numeric epoch makes the
 * whole string the upstream version with epoch 0; empty parts stay empty. Strings dpkg only warns
 * about (a version not starting with a digit, characters outside {@code [A-Za-z0-9.+~-:]}) parse
 * as dpkg parses them, also with {@code valid = false}.
 *
 * @param negative whether the epoch had a minus sign ({@code strtol} accepts one; dpkg then
 *     refuses any epoch but {@code -0})
 * @param epoch the epoch's decimal digits without leading zeros ({@code "0"} when missing)
 * @param upstream the upstream version, as bytes (one char per UTF-8 byte)
 * @param revision the Debian revision, as bytes; empty when missing
 * @param valid whether dpkg accepts the string without error or warning
 */
public record DpkgVersion(boolean negative, String epoch, String upstream, String revision, boolean valid) {
  public DpkgVersion {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(revision, "revision");
    if (!Digits.allDigits(epoch)) {
      throw new IllegalArgumentException("epoch is not a number: " + epoch);
    }
  }

  private static final String INT_MAX = "2147483647";

  private static final DpkgVersion BLANK = new DpkgVersion(false, "0", "", "", true);

  /** Parses a version as {@code dpkg --compare-versions} does; never fails (see the class comment). */
  public static DpkgVersion parse(String text) {
    // dpkg --compare-versions takes "" and "<unknown>" for the blank version.
    if (text.isEmpty() || text.equals("<unknown>")) {
      return BLANK;
    }
    String s = Digits.utf8Bytes(text);
    int start = 0;
    int end = s.length();
    while (start < end && isBlank(s.charAt(start))) {
      start++;
    }
    while (end > start && isBlank(s.charAt(end - 1))) {
      end--;
    }
    boolean valid = start < end;
    for (int i = start; i < end; i++) {
      if (isBlank(s.charAt(i))) {
        valid = false; // "version string has embedded spaces"
        break;
      }
    }
    boolean negative = false;
    String epoch = "0";
    int colon = s.indexOf(':', start);
    if (colon >= 0 && colon < end) {
      // strtol: optional white space, an optional sign, then digits that must end at the colon.
      int i = start;
      while (i < colon && isSpace(s.charAt(i))) {
        i++;
      }
      boolean minus = false;
      if (i < colon && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        minus = s.charAt(i) == '-';
        i++;
      }
      int digits = i;
      while (i < colon && Digits.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == colon && digits < colon) {
        epoch = stripZeros(s.substring(digits, colon));
        negative = minus && !epoch.equals("0");
        if (negative || Digits.compare(epoch, INT_MAX) > 0) {
          valid = false; // "epoch in version is negative" / "is too big"
        }
        start = colon + 1;
        if (start == end) {
          valid = false; // "nothing after colon in version number"
        }
      } else {
        valid = false; // "epoch in version is empty" / "is not number": read it all as upstream
      }
    }
    String version = s.substring(start, end);
    String revision = "";
    int hyphen = version.lastIndexOf('-');
    if (hyphen >= 0) {
      revision = version.substring(hyphen + 1);
      version = version.substring(0, hyphen);
      if (revision.isEmpty()) {
        valid = false; // "revision number is empty"
      }
    }
    if (version.isEmpty() || !Digits.isDigit(version.charAt(0))) {
      valid = false; // "upstream version is empty" / "does not start with digit"
    }
    for (int i = 0; valid && i < version.length(); i++) {
      char c = version.charAt(i);
      if (!Digits.isDigit(c) && !Digits.isLetter(c) && ".-+~:".indexOf(c) < 0) {
        valid = false;
      }
    }
    for (int i = 0; valid && i < revision.length(); i++) {
      char c = revision.charAt(i);
      if (!Digits.isDigit(c) && !Digits.isLetter(c) && ".+~".indexOf(c) < 0) {
        valid = false;
      }
    }
    return new DpkgVersion(negative, epoch, version, revision, valid);
  }

  /** Orders two versions as {@code dpkg_version_compare}: epoch, then upstream, then revision. */
  public int compareTo(DpkgVersion other) {
    int c = compareEpochs(other);
    if (c != 0) {
      return c;
    }
    c = verrevcmp(upstream, other.upstream);
    return c != 0 ? c : verrevcmp(revision, other.revision);
  }

  private int compareEpochs(DpkgVersion other) {
    if (negative != other.negative) {
      return negative ? -1 : 1;
    }
    int c = Digits.compare(epoch, other.epoch);
    return negative ? -c : c;
  }

  /**
   * dpkg's {@code verrevcmp}: alternating runs of non-digits, compared character by character with
   * {@link #order}, and runs of digits, compared as numbers of any length.
   */
  static int verrevcmp(String a, String b) {
    return verrevcmp(a, 0, a.length(), b, 0, b.length());
  }

  /** {@link #verrevcmp(String, String)} on {@code a[aFrom, aLength)} and {@code b[bFrom, bLength)}. */
  static int verrevcmp(String a, int aFrom, int aLength, String b, int bFrom, int bLength) {
    int i = aFrom;
    int j = bFrom;
    while (i < aLength || j < bLength) {
      while ((i < aLength && !Digits.isDigit(a.charAt(i))) || (j < bLength && !Digits.isDigit(b.charAt(j)))) {
        int ac = i < aLength ? order(a.charAt(i)) : 0;
        int bc = j < bLength ? order(b.charAt(j)) : 0;
        if (ac != bc) {
          return ac < bc ? -1 : 1;
        }
        i++;
        j++;
      }
      int aStart = i;
      int bStart = j;
      while (i < aLength && Digits.isDigit(a.charAt(i))) {
        i++;
      }
      while (j < bLength && Digits.isDigit(b.charAt(j))) {
        j++;
      }
      int c = Digits.compare(a, aStart, i, b, bStart, j);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /**
   * The weight of a non-digit byte: {@code ~} before everything, even the end; letters by their
   * code; other bytes after letters. dpkg computes {@code c + 256} on a signed {@code char}, so
   * bytes 0x80–0xFF weigh 128–255: after letters but before ASCII punctuation.
   */
  private static int order(char c) {
    if (Digits.isDigit(c)) {
      return 0;
    }
    if (Digits.isLetter(c)) {
      return c;
    }
    if (c == '~') {
      return -1;
    }
    return c >= 0x80 ? c : c + 256;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static String stripZeros(String digits) {
    int i = 0;
    while (i < digits.length() - 1 && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }
}
