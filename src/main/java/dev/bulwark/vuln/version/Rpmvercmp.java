package dev.bulwark.vuln.version;

/**
 * rpm's {@code rpmvercmp} (rpmio/rpmvercmp.c, rpm 4.15 and later): the strings are split into
 * runs of ASCII digits and runs of ASCII letters, everything else separating them; {@code ~} sorts
 * before everything, even the end of the string; {@code ^} sorts after the end but before
 * anything else; a digit run is newer than a letter run; digit runs compare as numbers of any
 * length; and when all runs are equal, the string with runs left over is newer.
 */
final class Rpmvercmp {
  private Rpmvercmp() {}

  static int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int aLength = a.length();
    int bLength = b.length();
    int i = 0;
    int j = 0;
    while (i < aLength || j < bLength) {
      while (i < aLength && isSeparator(a.charAt(i))) {
        i++;
      }
      while (j < bLength && isSeparator(b.charAt(j))) {
        j++;
      }
      char x = i < aLength ? a.charAt(i) : 0;
      char y = j < bLength ? b.charAt(j) : 0;
      if (x == '~' || y == '~') {
        if (x != '~') {
          return 1;
        }
        if (y != '~') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (x == '^' || y == '^') {
        if (i == aLength) {
          return -1;
        }
        if (j == bLength) {
          return 1;
        }
        if (x != '^') {
          return 1;
        }
        if (y != '^') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (i == aLength || j == bLength) {
        break;
      }
      int aStart = i;
      int bStart = j;
      boolean numeric = Digits.isDigit(x);
      if (numeric) {
        while (i < aLength && Digits.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < bLength && Digits.isDigit(b.charAt(j))) {
          j++;
        }
      } else {
        while (i < aLength && Digits.isLetter(a.charAt(i))) {
          i++;
        }
        while (j < bLength && Digits.isLetter(b.charAt(j))) {
          j++;
        }
      }
      if (j == bStart) {
        return numeric ? 1 : -1; // a number is newer than letters
      }
      int c = numeric ? Digits.compare(a, aStart, i, b, bStart, j) : compareRuns(a, aStart, i, b, bStart, j);
      if (c != 0) {
        return c;
      }
    }
    if (i >= aLength && j >= bLength) {
      return 0;
    }
    return i >= aLength ? -1 : 1;
  }

  private static boolean isSeparator(char c) {
    return !Digits.isDigit(c) && !Digits.isLetter(c) && c != '~' && c != '^';
  }

  /** {@code strcmp} of two runs of ASCII letters. */
  private static int compareRuns(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
    int n = Math.min(aTo - aFrom, bTo - bFrom);
    for (int k = 0; k < n; k++) {
      char x = a.charAt(aFrom + k);
      char y = b.charAt(bFrom + k);
      if (x != y) {
        return x < y ? -1 : 1;
      }
    }
    return Integer.compare(aTo - aFrom, bTo - bFrom);
  }
}
