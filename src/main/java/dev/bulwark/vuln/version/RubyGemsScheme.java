package dev.bulwark.vuln.version;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Ruby gem versions, ordered as {@code Gem::Version#<=>} (RubyGems 3): the version, stripped, with
 * each {@code -} read as {@code .pre.}, is scanned for runs of digits and runs of letters; trailing
 * zeros are dropped from the numeric part and from the part after the first letters; then the
 * segments compare one by one, missing ones counting as 0, numbers as numbers, letters by byte
 * (case matters), and letters before numbers: {@code 1.0.a < 1.0 < 1.0.1}.
 *
 * <p>RubyGems refuses versions outside {@code [0-9]+(.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(.[0-9A-Za-z-]+)*)?};
 * such a string is scanned and compared the same way here.
 */
public final class RubyGemsScheme implements VersionScheme {
  private static final Pattern VALID =
      Pattern.compile("\\s*(?:[0-9]+(?:\\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?)?\\s*");

  @Override
  public String name() {
    return "rubygems";
  }

  @Override
  public int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    List<String> x = canonicalSegments(a);
    List<String> y = canonicalSegments(b);
    int limit = Math.max(x.size(), y.size());
    for (int i = 0; i < limit; i++) {
      String l = i < x.size() ? x.get(i) : "0";
      String r = i < y.size() ? y.get(i) : "0";
      boolean lNumber = Digits.isDigit(l.charAt(0));
      boolean rNumber = Digits.isDigit(r.charAt(0));
      int c;
      if (lNumber && rNumber) {
        c = Digits.compare(l, r);
      } else if (lNumber != rNumber) {
        c = lNumber ? 1 : -1;
      } else {
        c = Integer.signum(l.compareTo(r));
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  @Override
  public boolean isValid(String version) {
    return VALID.matcher(version).matches();
  }

  /** {@code Gem::Version#canonical_segments}: digit runs as digit strings, letter runs as they are. */
  private static List<String> canonicalSegments(String version) {
    String s = version.strip().replace("-", ".pre.");
    List<String> segments = new ArrayList<>();
    int firstString = -1;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int start = i;
      if (Digits.isDigit(c)) {
        while (i < s.length() && Digits.isDigit(s.charAt(i))) {
          i++;
        }
      } else if (Digits.isLetter(c)) {
        while (i < s.length() && Digits.isLetter(s.charAt(i))) {
          i++;
        }
        if (firstString < 0) {
          firstString = segments.size();
        }
      } else {
        i++;
        continue;
      }
      segments.add(s.substring(start, i));
    }
    int split = firstString < 0 ? segments.size() : firstString;
    List<String> canonical = new ArrayList<>(dropTrailingZeros(segments.subList(0, split)));
    canonical.addAll(dropTrailingZeros(segments.subList(split, segments.size())));
    return canonical;
  }

  private static List<String> dropTrailingZeros(List<String> segments) {
    int end = segments.size();
    while (end > 0 && Digits.allDigits(segments.get(end - 1)) && Digits.compare(segments.get(end - 1), "0") == 0) {
      end--;
    }
    return segments.subList(0, end);
  }
}
