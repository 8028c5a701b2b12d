package dev.bulwark.vuln.version;

import java.util.List;

/**
 * NuGet package versions, ordered as {@code NuGet.Versioning.NuGetVersion} with the default
 * comparer: up to four numeric parts (missing ones are 0, leading zeros allowed), a release is
 * newer than its pre-releases, pre-release labels compare one by one (numeric ones as numbers and
 * before the others, the others ordinally ignoring case), and metadata after {@code +} is ignored.
 *
 * <p>NuGet refuses parts over 2^31-1; here numbers of any length are accepted and compared exactly
 * (such versions are still reported invalid), and numeric labels of any length compare as numbers.
 * Any other string NuGet refuses sorts before every valid version, and such strings compare among
 * themselves ordinally ignoring case.
 */
public final class NuGetScheme implements VersionScheme {
  private static final String INT_MAX = "2147483647";

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
    if (x.valid() != y.valid()) {
      return x.valid() ? 1 : -1;
    }
    if (!x.valid()) {
      return Integer.signum(a.compareToIgnoreCase(b));
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
      String p = l.get(i);
      String q = r.get(i);
      boolean pNumber = Digits.allDigits(p);
      boolean qNumber = Digits.allDigits(q);
      int c = pNumber && qNumber ? Digits.compare(p, q)
          : pNumber != qNumber ? (pNumber ? -1 : 1) : ordinalIgnoreCase(p, q);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(l.size(), r.size());
  }

  @Override
  public boolean isValid(String version) {
    Parsed p = Parsed.of(version);
    if (!p.valid()) {
      return false;
    }
    for (String part : p.parts()) {
      if (Digits.compare(part, INT_MAX) > 0) {
        return false;
      }
    }
    return true;
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

  /** A version split into numeric parts and pre-release labels; {@code valid} false if NuGet refuses it. */
  private record Parsed(boolean valid, List<String> parts, List<String> labels) {
    private static final Parsed INVALID = new Parsed(false, List.of(), List.of());

    String part(int i) {
      return i < parts.size() ? parts.get(i) : "0";
    }

    static Parsed of(String text) {
      int plus = text.indexOf('+');
      String main = plus < 0 ? text : text.substring(0, plus);
      if (plus >= 0 && !identifiers(text.substring(plus + 1))) {
        return INVALID;
      }
      int hyphen = main.indexOf('-');
      String numbers = hyphen < 0 ? main : main.substring(0, hyphen);
      List<String> labels = List.of();
      if (hyphen >= 0) {
        String release = main.substring(hyphen + 1);
        if (!identifiers(release)) {
          return INVALID;
        }
        labels = List.of(release.split("\\.", -1));
      }
      List<String> parts = List.of(numbers.split("\\.", -1));
      if (parts.size() > 4) {
        return INVALID;
      }
      for (String part : parts) {
        if (!Digits.allDigits(part)) {
          return INVALID;
        }
      }
      return new Parsed(true, parts, labels);
    }

    /** Non-empty dot-separated {@code [0-9A-Za-z-]} identifiers. */
    private static boolean identifiers(String s) {
      for (String id : s.split("\\.", -1)) {
        if (id.isEmpty()) {
          return false;
        }
        for (int i = 0; i < id.length(); i++) {
          char c = id.charAt(i);
          if (!Digits.isDigit(c) && !Digits.isLetter(c) && c != '-') {
            return false;
          }
        }
      }
      return true;
    }
  }
}
