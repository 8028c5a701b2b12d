package dev.bulwark.vuln.version;

import java.util.ArrayList;
import java.util.List;

/**
 * NuGet package versions, ordered as {@code NuGet.Versioning.VersionComparer.Default} on
 * {@code NuGetVersion.TryParse} (NuGet.Client): the text is trimmed; two to four numeric parts
 * (one is read as {@code N.0}; missing ones are 0; leading zeros allowed); a release is newer than
 * its pre-releases; pre-release labels compare one by one — a label .NET's {@code int.TryParse}
 * reads is a number, compared as one and before the others, the others ordinally ignoring case —
 * and more labels is newer; metadata after {@code +} is ignored.
 *
 * <p>NuGet refuses numeric parts over 2^31-1; here such parts are compared exactly as numbers (the
 * version is still reported invalid). Any other string NuGet refuses sorts before every valid
 * version, and such strings compare among themselves ordinally ignoring case.
 */
public final class NuGetScheme implements VersionScheme {
  private static final String INT_MAX = "2147483647";
  private static final String INT_MIN_MAGNITUDE = "2147483648";

  @Override
  public String name() {
    return "nuget";
  }

  @Override
  public int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    Parsed x = Parsed.of(a);
    Parsed y = Parsed.of(b);
    if (x.readable() != y.readable()) {
      return x.readable() ? 1 : -1;
    }
    if (!x.readable()) {
      return ordinalIgnoreCase(a, b);
    }
    for (int i = 0; i < 4; i++) {
      int c = Digits.compare(x.part(i), y.part(i));
      if (c != 0) {
        return c;
      }
    }
    List<String> l = x.labels();
    List<String> r = y.labels();
    if (l.isEmpty() || r.isEmpty()) {
      return Boolean.compare(l.isEmpty(), r.isEmpty());
    }
    int n = Math.min(l.size(), r.size());
    for (int i = 0; i < n; i++) {
      int c = compareLabels(l.get(i), r.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(l.size(), r.size());
  }

  @Override
  public boolean isValid(String version) {
    Parsed p = Parsed.of(version);
    return p.readable() && p.parts().stream().allMatch(part -> Digits.compare(part, INT_MAX) <= 0);
  }

  /** {@code VersionComparer.CompareRelease}: int-parsable labels first, by value; then the rest. */
  private static int compareLabels(String a, String b) {
    boolean aNumber = isInt(a);
    boolean bNumber = isInt(b);
    if (aNumber && bNumber) {
      return compareInts(a, b);
    }
    if (aNumber != bNumber) {
      return aNumber ? -1 : 1;
    }
    return ordinalIgnoreCase(a, b);
  }

  /** Whether .NET's {@code int.TryParse} reads a label ({@code [0-9A-Za-z-]+}): an optional minus, digits, in range. */
  private static boolean isInt(String label) {
    boolean negative = label.startsWith("-");
    String digits = negative ? label.substring(1) : label;
    return Digits.allDigits(digits) && Digits.compare(digits, negative ? INT_MIN_MAGNITUDE : INT_MAX) <= 0;
  }

  private static int compareInts(String a, String b) {
    boolean aNegative = a.startsWith("-") && Digits.compare(a.substring(1), "0") != 0;
    boolean bNegative = b.startsWith("-") && Digits.compare(b.substring(1), "0") != 0;
    if (aNegative != bNegative) {
      return aNegative ? -1 : 1;
    }
    int c = Digits.compare(a.startsWith("-") ? a.substring(1) : a, b.startsWith("-") ? b.substring(1) : b);
    return aNegative ? -c : c;
  }

  /** .NET's {@code StringComparer.OrdinalIgnoreCase}: char by char, upper-cased. */
  private static int ordinalIgnoreCase(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = Character.toUpperCase(a.charAt(i));
      char y = Character.toUpperCase(b.charAt(i));
      if (x != y) {
        return x < y ? -1 : 1;
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /**
   * A version as NuGet splits it: numeric parts (digit strings without sign) and release labels;
   * {@code readable} false if NuGet refuses it for anything but the size of a part.
   */
  private record Parsed(boolean readable, List<String> parts, List<String> labels) {
    private static final Parsed UNREADABLE = new Parsed(false, List.of(), List.of());

    String part(int i) {
      return i < parts.size() ? parts.get(i) : "0";
    }

    /** {@code NuGetVersion.TryParse}: trim, then {@code ParseSections}, then System.Version's rules. */
    static Parsed of(String text) {
      String value = text.strip();
      String numbers = null;
      String release = null;
      String metadata = null;
      int dash = -1;
      int plus = -1;
      // ParseSections, step for step: a separator that ends the string stays in the part before it.
      for (int i = 0; i < value.length(); i++) {
        boolean end = i == value.length() - 1;
        char c = value.charAt(i);
        if (dash < 0) {
          if (end || c == '-' || c == '+') {
            numbers = value.substring(0, i + (end ? 1 : 0));
            dash = i;
            if (c == '+') {
              plus = i;
            }
          }
        } else if (plus < 0) {
          if (end || c == '+') {
            release = value.substring(dash + 1, i + (end ? 1 : 0));
            plus = i;
          }
        } else if (end) {
          metadata = value.substring(plus + 1);
        }
      }
      if (numbers == null || numbers.isEmpty()) {
        return UNREADABLE;
      }
      List<String> labels = release == null ? List.of() : List.of(release.split("\\.", -1));
      for (String label : labels) {
        if (!validPart(label, false)) {
          return UNREADABLE;
        }
      }
      if (metadata != null) {
        for (String id : metadata.split("\\.", -1)) {
          if (!validPart(id, true)) {
            return UNREADABLE;
          }
        }
      }
      List<String> parts = new ArrayList<>();
      String[] components = (numbers.indexOf('.') < 0 ? numbers + ".0" : numbers).split("\\.", -1);
      if (components.length > 4) {
        return UNREADABLE;
      }
      for (String component : components) {
        // int.TryParse with NumberStyles.Integer: white space around, a sign, digits; System.Version wants >= 0.
        String digits = component.strip();
        boolean negative = false;
        if (digits.startsWith("+") || digits.startsWith("-")) {
          negative = digits.charAt(0) == '-';
          digits = digits.substring(1);
        }
        if (!Digits.allDigits(digits) || (negative && Digits.compare(digits, "0") != 0)) {
          return UNREADABLE;
        }
        parts.add(digits);
      }
      return new Parsed(true, List.copyOf(parts), labels);
    }

    /** {@code SemanticVersion.IsValidPart}: non-empty {@code [0-9A-Za-z-]}, no leading zero on a number. */
    private static boolean validPart(String s, boolean allowLeadingZeros) {
      if (s.isEmpty()) {
        return false;
      }
      if (!allowLeadingZeros && s.length() > 1 && s.charAt(0) == '0' && Digits.allDigits(s)) {
        return false;
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (!Digits.isDigit(c) && !Digits.isLetter(c) && c != '-') {
          return false;
        }
      }
      return true;
    }
  }
}
