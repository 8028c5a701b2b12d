package dev.bulwark.vuln.version;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic Versioning 2.0 precedence, in three flavours that differ only in what they accept:
 * {@code npm} (node-semver 7: surrounding blanks and a leading {@code v} allowed, numbers up to
 * 2^53-1, at most 256 characters), {@code crates} (Rust's semver crate: strict, numbers up to
 * 2^64-1) and {@code semver} (the specification as written, for OSV's {@code SEMVER} ranges).
 *
 * <p>Precedence: major, minor and patch as numbers; a pre-release is older than its release;
 * pre-release identifiers compare one by one, numeric ones as numbers and below alphanumeric ones,
 * alphanumeric ones by ASCII; a shorter list of equal identifiers is older. Build metadata is
 * ignored (the semver crate breaks ties with it when sorting, cargo and OSV do not).
 *
 * <p>The real tools reject anything else; here an invalid string is read leniently into the same
 * shape and ordered with the valid ones: blanks and leading {@code v}/{@code =} dropped, build
 * metadata after {@code +} dropped, up to three dot-separated numbers (missing ones are 0, more
 * than three are ignored as OSV does), and whatever does not fit, from the first misfit on, taken
 * as leading pre-release identifiers. A valid version reads the same either way, so the order of
 * valid versions is exactly the tool's.
 */
public final class SemverScheme implements VersionScheme {
  /** Which tool's notion of a valid version applies. */
  public enum Flavor {
    NPM("npm"),
    CRATES("crates"),
    SEMVER("semver");

    private final String schemeName;

    Flavor(String schemeName) {
      this.schemeName = schemeName;
    }
  }

  private static final String NUMBER = "(0|[1-9][0-9]*)";
  private static final String PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)";
  private static final Pattern STRICT = Pattern.compile(NUMBER + "\\." + NUMBER + "\\." + NUMBER
      + "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?");
  /** node-semver's MAX_SAFE_INTEGER and MAX_LENGTH; the semver crate's u64. */
  private static final String NPM_MAX_NUMBER = "9007199254740991";
  private static final int NPM_MAX_LENGTH = 256;
  private static final String U64_MAX = "18446744073709551615";

  private final Flavor flavor;

  public SemverScheme(Flavor flavor) {
    this.flavor = flavor;
  }

  @Override
  public String name() {
    return flavor.schemeName;
  }

  @Override
  public int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    return Semver.parseLenient(a).compareTo(Semver.parseLenient(b));
  }

  @Override
  public boolean isValid(String version) {
    String v = version;
    if (flavor == Flavor.NPM) {
      if (v.length() > NPM_MAX_LENGTH) {
        return false;
      }
      v = v.strip();
      if (v.startsWith("v")) {
        v = v.substring(1);
      }
    }
    Matcher m = STRICT.matcher(v);
    if (!m.matches()) {
      return false;
    }
    String max = switch (flavor) {
      case NPM -> NPM_MAX_NUMBER;
      case CRATES -> U64_MAX;
      case SEMVER -> "";
    };
    if (!max.isEmpty()) {
      for (int group = 1; group <= 3; group++) {
        if (Digits.compare(m.group(group), max) > 0) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * A version read leniently: three numbers (ASCII digit strings) and pre-release identifiers.
   */
  record Semver(String major, String minor, String patch, List<String> pre) implements Comparable<Semver> {
    Semver {
      pre = List.copyOf(pre);
    }

    static Semver parseLenient(String text) {
      String s = text.strip();
      int start = 0;
      while (start < s.length() && (s.charAt(start) == 'v' || s.charAt(start) == 'V' || s.charAt(start) == '='
          || Character.isWhitespace(s.charAt(start)))) {
        start++;
      }
      int plus = s.indexOf('+', start);
      int end = plus < 0 ? s.length() : plus;
      int hyphen = s.indexOf('-', start);
      int coreEnd = hyphen >= 0 && hyphen < end ? hyphen : end;
      String[] numbers = {"0", "0", "0"};
      List<String> pre = new ArrayList<>();
      int i = start;
      for (int k = 0; k < 3 && i < coreEnd; k++) {
        int digits = i;
        while (i < coreEnd && Digits.isDigit(s.charAt(i))) {
          i++;
        }
        if (digits < i) {
          numbers[k] = s.substring(digits, i);
        }
        if (i < coreEnd && s.charAt(i) == '.' && k < 2) {
          i++;
        } else {
          break;
        }
      }
      boolean misfit = i < coreEnd && !(s.charAt(i) == '.' && Digits.isDigit(charAt(s, i + 1)) && tailIsNumbers(s, i,
          coreEnd));
      if (misfit) {
        splitInto(s.substring(s.charAt(i) == '.' ? i + 1 : i, coreEnd), pre);
      }
      if (coreEnd < end) {
        splitInto(s.substring(coreEnd + 1, end), pre);
      }
      return new Semver(numbers[0], numbers[1], numbers[2], pre);
    }

    private static char charAt(String s, int i) {
      return i < s.length() ? s.charAt(i) : 0;
    }

    /** Whether {@code s[from, to)} is {@code (.digits)+}: extra numeric components, ignored. */
    private static boolean tailIsNumbers(String s, int from, int to) {
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (c == '.' ? i + 1 >= to || s.charAt(i + 1) == '.' : !Digits.isDigit(c)) {
          return false;
        }
      }
      return true;
    }

    private static void splitInto(String identifiers, List<String> out) {
      int from = 0;
      for (int dot = identifiers.indexOf('.'); dot >= 0; dot = identifiers.indexOf('.', from)) {
        out.add(identifiers.substring(from, dot));
        from = dot + 1;
      }
      out.add(identifiers.substring(from));
    }

    @Override
    public int compareTo(Semver other) {
      int c = Digits.compare(major, other.major);
      if (c == 0) {
        c = Digits.compare(minor, other.minor);
      }
      if (c == 0) {
        c = Digits.compare(patch, other.patch);
      }
      if (c != 0) {
        return c;
      }
      return comparePrerelease(pre, other.pre);
    }

    /** SemVer 2.0 rule 11: no pre-release is newer; identifiers one by one; shorter is older. */
    static int comparePrerelease(List<String> a, List<String> b) {
      if (a.isEmpty() || b.isEmpty()) {
        return Boolean.compare(a.isEmpty(), b.isEmpty());
      }
      int n = Math.min(a.size(), b.size());
      for (int k = 0; k < n; k++) {
        int c = compareIdentifiers(a.get(k), b.get(k));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(a.size(), b.size());
    }

    static int compareIdentifiers(String x, String y) {
      boolean xNumeric = Digits.allDigits(x);
      boolean yNumeric = Digits.allDigits(y);
      if (xNumeric && yNumeric) {
        return Digits.compare(x, y);
      }
      if (xNumeric != yNumeric) {
        return xNumeric ? -1 : 1;
      }
      return Integer.signum(x.compareTo(y));
    }
  }
}
