package dev.bulwark.audit.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Functions Bulwark adds to CEL, so rules compare versions and file modes without string tricks:
 * {@code versionLess(a, b)} (alias {@code semverLess}) and {@code modeWithin(mode, max)}.
 */
public final class CelFunctions {
  private CelFunctions() {}

  /**
   * Whether version {@code a} is older than {@code b}. Lenient, for the versions daemons and
   * kernels report: a leading {@code v} and build metadata after {@code +} are ignored; the release
   * is compared as numbers ({@code 5.8} is {@code 5.8.0}); a pre-release after {@code -} sorts before
   * its release, and its parts compare naturally ({@code rc6 < rc7 < rc10 < rc92}).
   */
  public static boolean versionLess(String a, String b) {
    return compare(a, b) < 0;
  }

  static int compare(String a, String b) {
    Version left = Version.parse(a);
    Version right = Version.parse(b);
    int length = Math.max(left.release().size(), right.release().size());
    for (int i = 0; i < length; i++) {
      long x = i < left.release().size() ? left.release().get(i) : 0;
      long y = i < right.release().size() ? right.release().get(i) : 0;
      if (x != y) {
        return Long.compare(x, y);
      }
    }
    if (left.preRelease().isEmpty() || right.preRelease().isEmpty()) {
      return Boolean.compare(left.preRelease().isEmpty(), right.preRelease().isEmpty());
    }
    return natural(left.preRelease(), right.preRelease());
  }

  private record Version(List<Long> release, String preRelease) {
    static Version parse(String text) {
      String s = text.strip().toLowerCase(Locale.ROOT);
      if (s.startsWith("v")) {
        s = s.substring(1);
      }
      int plus = s.indexOf('+');
      if (plus >= 0) {
        s = s.substring(0, plus);
      }
      List<Long> release = new ArrayList<>();
      int i = 0;
      while (i < s.length() && release.size() < 8) {
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && i - start < 18) {
          i++;
        }
        if (i == start) {
          break;
        }
        release.add(Long.parseLong(s.substring(start, i)));
        if (i < s.length() && s.charAt(i) == '.') {
          i++;
        } else {
          break;
        }
      }
      if (release.isEmpty()) {
        throw new IllegalArgumentException("'" + text + "' is not a version");
      }
      String rest = s.substring(i);
      return new Version(List.copyOf(release), rest.startsWith("-") || rest.startsWith("~") ? rest.substring(1) : rest);
    }
  }

  /** Compares runs of digits as numbers and everything else as text. */
  private static int natural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * Whether the permission bits {@code mode} (octal, {@code 0644} or {@code 644}) grant nothing
   * beyond {@code max}: {@code modeWithin('0600', '0644')} is true, {@code modeWithin('0664', '0644')}
   * false. Special bits (setuid, setgid, sticky) count as beyond any {@code max} without them.
   */
  public static boolean modeWithin(String mode, String max) {
    int m = octal(mode);
    int limit = octal(max);
    return (m & ~limit) == 0;
  }

  private static int octal(String text) {
    String s = text.strip();
    if (!s.matches("[0-7]{1,5}")) {
      throw new IllegalArgumentException("'" + text + "' is not an octal file mode");
    }
    return Integer.parseInt(s, 8);
  }
}
