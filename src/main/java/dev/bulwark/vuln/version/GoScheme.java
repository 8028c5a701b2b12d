package dev.bulwark.vuln.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Go module versions, ordered as {@code golang.org/x/mod/semver.Compare}: semantic versions with
 * a leading {@code v}, where {@code v1} and {@code v1.2} stand for {@code v1.0.0} and {@code
 * v1.2.0}; pseudo-versions ({@code v0.0.0-20191109021931-daa7c04131f5}) are pre-releases and order
 * as such; build metadata, {@code +incompatible} included, is ignored.
 *
 * <p>OSV writes Go versions without the {@code v} ({@code 1.20.5}), so one is added when missing,
 * for {@link #isValid} too (x/mod itself requires it).
 * As in x/mod, every invalid string is older than every valid one and all invalid strings are
 * equal to each other.
 */
public final class GoScheme implements VersionScheme {
  @Override
  public String name() {
    return "go";
  }

  @Override
  public int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    Optional<Parsed> px = parse(a);
    Optional<Parsed> py = parse(b);
    if (px.isEmpty() || py.isEmpty()) {
      return Boolean.compare(px.isPresent(), py.isPresent());
    }
    Parsed x = px.orElseThrow();
    Parsed y = py.orElseThrow();
    int c = Digits.compare(x.major, y.major);
    if (c == 0) {
      c = Digits.compare(x.minor, y.minor);
    }
    if (c == 0) {
      c = Digits.compare(x.patch, y.patch);
    }
    if (c != 0) {
      return c;
    }
    return SemverScheme.Semver.comparePrerelease(x.prerelease, y.prerelease);
  }

  @Override
  public boolean isValid(String version) {
    return parse(version).isPresent();
  }

  private record Parsed(String major, String minor, String patch, List<String> prerelease) {}

  /** x/mod's {@code parse}, on the version with a {@code v} added if missing; empty if invalid. */
  private static Optional<Parsed> parse(String text) {
    return Optional.ofNullable(parseOrNull(text));
  }

  // The parsing helpers below use null for "invalid", privately, as x/mod's ok flag.
  private static Parsed parseOrNull(String text) {
    String v = text.startsWith("v") ? text : "v" + text;
    int[] cursor = {1};
    String major = number(v, cursor);
    if (major == null) {
      return null;
    }
    String minor = "0";
    String patch = "0";
    if (cursor[0] < v.length()) {
      if (v.charAt(cursor[0]) != '.') {
        return null;
      }
      cursor[0]++;
      minor = number(v, cursor);
      if (minor == null) {
        return null;
      }
      if (cursor[0] < v.length()) {
        if (v.charAt(cursor[0]) != '.') {
          return null;
        }
        cursor[0]++;
        patch = number(v, cursor);
        if (patch == null) {
          return null;
        }
      } else {
        return new Parsed(major, minor, patch, List.of());
      }
    } else {
      return new Parsed(major, minor, patch, List.of());
    }
    List<String> prerelease = List.of();
    int i = cursor[0];
    if (i < v.length() && v.charAt(i) == '-') {
      int end = i + 1;
      while (end < v.length() && v.charAt(end) != '+') {
        end++;
      }
      prerelease = identifiers(v.substring(i + 1, end), true);
      if (prerelease == null) {
        return null;
      }
      i = end;
    }
    if (i < v.length() && v.charAt(i) == '+') {
      if (identifiers(v.substring(i + 1), false) == null) {
        return null;
      }
      i = v.length();
    }
    return i == v.length() ? new Parsed(major, minor, patch, prerelease) : null;
  }

  /** A number without leading zeros at the cursor, advancing it; null if there is none. */
  private static String number(String v, int[] cursor) {
    int start = cursor[0];
    int i = start;
    while (i < v.length() && Digits.isDigit(v.charAt(i))) {
      i++;
    }
    if (i == start || (v.charAt(start) == '0' && i - start > 1)) {
      return null;
    }
    cursor[0] = i;
    return v.substring(start, i);
  }

  /** Dot-separated non-empty {@code [0-9A-Za-z-]} identifiers; numeric pre-release ones without leading zeros. */
  private static List<String> identifiers(String s, boolean prerelease) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int dot = s.indexOf('.', from);
      String id = s.substring(from, dot < 0 ? s.length() : dot);
      if (id.isEmpty()) {
        return null;
      }
      for (int k = 0; k < id.length(); k++) {
        char c = id.charAt(k);
        if (!Digits.isDigit(c) && !Digits.isLetter(c) && c != '-') {
          return null;
        }
      }
      if (prerelease && id.length() > 1 && id.charAt(0) == '0' && Digits.allDigits(id)) {
        return null;
      }
      out.add(id);
      if (dot < 0) {
        return out;
      }
      from = dot + 1;
    }
  }
}
