package dev.bulwark.vuln.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python package versions, ordered as PEP 440 and {@code packaging.version.Version} (packaging 22
 * and later): epoch, release (trailing zeros ignored), pre-release ({@code a < b < rc}, with
 * {@code alpha}, {@code beta}, {@code c}, {@code pre}, {@code preview} normalized), post-release,
 * development release, then local version; a development release of a final version sorts before
 * its pre-releases, a local version after its public version.
 *
 * <p>packaging 22 refuses versions PEP 440 cannot read (it dropped {@code LegacyVersion}). Here such
 * versions are ordered as packaging 21.3's {@code LegacyVersion} did (setuptools' old scheme): all
 * of them before every PEP 440 version, and among themselves by their legacy key (numbers
 * zero-padded to eight digits, {@code pre}/{@code preview}/{@code rc} read as {@code c}, {@code
 * dev} as {@code @}, a {@code -} as {@code final-}).
 */
public final class Pep440Scheme implements VersionScheme {
  private static final Pattern VERSION = Pattern.compile("""
      v?
      (?:
        (?:(?<epoch>[0-9]+)!)?
        (?<release>[0-9]+(?:\\.[0-9]+)*)
        (?<pre>[-_.]?(?<prel>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<pren>[0-9]+)?)?
        (?<post>(?:-(?<postn1>[0-9]+))|(?:[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?))?
        (?<dev>[-_.]?(?<devl>dev)[-_.]?(?<devn>[0-9]+)?)?
      )
      (?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
      """, Pattern.COMMENTS | Pattern.CASE_INSENSITIVE);
  private static final Pattern LEGACY_PART = Pattern.compile("\\p{Nd}+|[a-z]+|\\.|-");

  @Override
  public String name() {
    return "pypi";
  }

  @Override
  public int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    Optional<Pep440> x = Pep440.parse(a);
    Optional<Pep440> y = Pep440.parse(b);
    if (x.isPresent() && y.isPresent()) {
      return x.orElseThrow().compareTo(y.orElseThrow());
    }
    if (x.isPresent() != y.isPresent()) {
      return x.isPresent() ? 1 : -1;
    }
    return compareLegacy(legacyKey(a), legacyKey(b));
  }

  @Override
  public boolean isValid(String version) {
    return Pep440.parse(version).isPresent();
  }

  /**
   * A parsed PEP 440 version; numbers are ASCII digit strings, absent parts are empty.
   *
   * @param preLabel 0, 1, 2 for a, b, rc; -1 without a pre-release
   */
  record Pep440(String epoch, List<String> release, int preLabel, String preNumber, Optional<String> post,
      Optional<String> dev, Optional<List<String>> local) implements Comparable<Pep440> {
    Pep440 {
      release = List.copyOf(release);
      local = local.map(List::copyOf);
    }

    static Optional<Pep440> parse(String text) {
      Matcher m = VERSION.matcher(text.strip());
      if (!m.matches()) {
        return Optional.empty();
      }
      String epoch = m.group("epoch") == null ? "0" : m.group("epoch");
      List<String> release = new ArrayList<>(List.of(m.group("release").split("\\.")));
      while (!release.isEmpty() && Digits.compare(release.getLast(), "0") == 0) {
        release.removeLast(); // packaging compares the release with trailing zeros removed
      }
      int preLabel = -1;
      String preNumber = "0";
      if (m.group("pre") != null) {
        preLabel = switch (m.group("prel").toLowerCase(Locale.ROOT)) {
          case "a", "alpha" -> 0;
          case "b", "beta" -> 1;
          default -> 2; // c, rc, pre, preview
        };
        preNumber = m.group("pren") == null ? "0" : m.group("pren");
      }
      Optional<String> post = Optional.empty();
      if (m.group("post") != null) {
        post = Optional.of(m.group("postn1") != null ? m.group("postn1")
            : m.group("postn2") != null ? m.group("postn2") : "0");
      }
      Optional<String> dev = m.group("dev") == null ? Optional.empty()
          : Optional.of(m.group("devn") == null ? "0" : m.group("devn"));
      Optional<List<String>> local = Optional.ofNullable(m.group("local"))
          .map(l -> List.of(l.toLowerCase(Locale.ROOT).split("[-_.]")));
      return Optional.of(new Pep440(epoch, release, preLabel, preNumber, post, dev, local));
    }

    @Override
    public int compareTo(Pep440 o) {
      int c = Digits.compare(epoch, o.epoch);
      if (c != 0) {
        return c;
      }
      int n = Math.min(release.size(), o.release.size());
      for (int i = 0; i < n; i++) {
        c = Digits.compare(release.get(i), o.release.get(i));
        if (c != 0) {
          return c;
        }
      }
      c = Integer.compare(release.size(), o.release.size());
      if (c != 0) {
        return c;
      }
      c = Integer.compare(preRank(), o.preRank());
      if (c == 0 && preRank() == 1) {
        c = Integer.compare(preLabel, o.preLabel);
        if (c == 0) {
          c = Digits.compare(preNumber, o.preNumber);
        }
      }
      if (c != 0) {
        return c;
      }
      c = compareOptional(post, o.post, -1);
      if (c != 0) {
        return c;
      }
      c = compareOptional(dev, o.dev, 1);
      if (c != 0) {
        return c;
      }
      if (local.isEmpty() || o.local.isEmpty()) {
        return Boolean.compare(local.isPresent(), o.local.isPresent());
      }
      return compareLocal(local.orElseThrow(), o.local.orElseThrow());
    }

    /** packaging's pre key: 0 for a dev release of a final version (-inf), 2 for none (+inf), else 1. */
    private int preRank() {
      if (preLabel < 0 && post.isEmpty() && dev.isPresent()) {
        return 0;
      }
      return preLabel < 0 ? 2 : 1;
    }

    /** Compares optional numbers; {@code absent} is where a missing one sorts (-1 lowest, 1 highest). */
    private static int compareOptional(Optional<String> a, Optional<String> b, int absent) {
      if (a.isPresent() && b.isPresent()) {
        return Digits.compare(a.orElseThrow(), b.orElseThrow());
      }
      if (a.isEmpty() && b.isEmpty()) {
        return 0;
      }
      return a.isEmpty() ? absent : -absent;
    }

    /** Local segments: numbers compare as numbers and after strings; strings by code point. */
    private static int compareLocal(List<String> a, List<String> b) {
      int n = Math.min(a.size(), b.size());
      for (int i = 0; i < n; i++) {
        String x = a.get(i);
        String y = b.get(i);
        boolean xNumber = Digits.allDigits(x);
        boolean yNumber = Digits.allDigits(y);
        int c = xNumber && yNumber ? Digits.compare(x, y)
            : xNumber != yNumber ? (xNumber ? 1 : -1) : Integer.signum(x.compareTo(y));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(a.size(), b.size());
    }
  }

  /** packaging 21.3's {@code _legacy_cmpkey} (without its constant epoch of -1). */
  static List<String> legacyKey(String version) {
    List<String> parts = new ArrayList<>();
    String lower = version.toLowerCase(Locale.ROOT);
    Matcher m = LEGACY_PART.matcher(lower);
    int last = 0;
    List<String> raw = new ArrayList<>();
    while (m.find()) {
      if (m.start() > last) {
        raw.add(lower.substring(last, m.start()));
      }
      raw.add(m.group());
      last = m.end();
    }
    if (last < lower.length()) {
      raw.add(lower.substring(last));
    }
    for (String piece : raw) {
      String part = switch (piece) {
        case "pre", "preview", "rc" -> "c";
        case "-" -> "final-";
        case "dev" -> "@";
        default -> piece;
      };
      if (part.equals(".")) {
        continue;
      }
      char first = part.charAt(0);
      String mapped = first >= '0' && first <= '9' ? zeroPad(part) : "*" + part;
      if (mapped.startsWith("*")) {
        if (mapped.compareTo("*final") < 0) {
          while (!parts.isEmpty() && parts.getLast().equals("*final-")) {
            parts.removeLast();
          }
        }
        while (!parts.isEmpty() && parts.getLast().equals("00000000")) {
          parts.removeLast();
        }
      }
      parts.add(mapped);
    }
    while (!parts.isEmpty() && parts.getLast().equals("00000000")) {
      parts.removeLast();
    }
    parts.add("*final");
    return parts;
  }

  private static String zeroPad(String digits) {
    return digits.length() >= 8 ? digits : "0".repeat(8 - digits.length()) + digits;
  }

  private static int compareLegacy(List<String> a, List<String> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
