package dev.bulwark.vuln.version;

/**
 * Debian and Ubuntu versions, ordered exactly as {@code dpkg --compare-versions} (dpkg 1.21):
 * epoch, then upstream version, then revision, each string compared by {@code verrevcmp} —
 * {@code ~} before everything including the end, letters before other characters, digit runs as
 * numbers of any length. See {@link DpkgVersion} for strings dpkg refuses.
 */
public final class DpkgScheme implements VersionScheme {
  @Override
  public String name() {
    return "dpkg";
  }

  @Override
  public int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int[] x = plainBounds(a);
    int[] y = plainBounds(b);
    if (x == NOT_PLAIN || y == NOT_PLAIN) {
      return Integer.signum(DpkgVersion.parse(a).compareTo(DpkgVersion.parse(b)));
    }
    // The common case, compared in place: [epoch start, epoch end, version end, revision start].
    int c = Digits.compare(a, 0, x[0], b, 0, y[0]);
    if (c != 0) {
      return c;
    }
    int aVersion = x[0] == 0 ? 0 : x[0] + 1;
    int bVersion = y[0] == 0 ? 0 : y[0] + 1;
    c = DpkgVersion.verrevcmp(a, aVersion, x[1], b, bVersion, y[1]);
    if (c != 0) {
      return c;
    }
    return DpkgVersion.verrevcmp(a, x[2], a.length(), b, y[2], b.length());
  }

  private static final int[] NOT_PLAIN = new int[0];

  /**
   * For a plain version (printable ASCII, no blanks, an epoch of digits if any, non-empty parts):
   * the end of the epoch digits (0 without an epoch), the end of the upstream version and the start
   * of the revision (the length when there is none). Anything else goes through the full parse.
   */
  private static int[] plainBounds(String v) {
    int length = v.length();
    if (length == 0 || v.equals("<unknown>")) {
      return NOT_PLAIN; // dpkg's blank version
    }
    int colon = -1;
    int hyphen = -1;
    for (int i = 0; i < length; i++) {
      char c = v.charAt(i);
      if (c <= ' ' || c >= 0x7F) {
        return NOT_PLAIN;
      }
      if (c == ':' && colon < 0) {
        colon = i;
      } else if (c == '-') {
        hyphen = i;
      }
    }
    if (colon == 0 || colon == length - 1 || hyphen == length - 1 || (hyphen >= 0 && hyphen < colon)) {
      return NOT_PLAIN;
    }
    for (int i = 0; i < colon; i++) {
      if (!Digits.isDigit(v.charAt(i))) {
        return NOT_PLAIN;
      }
    }
    int epochEnd = Math.max(colon, 0);
    int versionEnd = hyphen >= 0 ? hyphen : length;
    if (versionEnd == (colon < 0 ? 0 : colon + 1)) {
      return NOT_PLAIN;
    }
    return new int[] {epochEnd, versionEnd, hyphen >= 0 ? hyphen + 1 : length};
  }

  @Override
  public boolean isValid(String version) {
    return DpkgVersion.parse(version).valid();
  }
}
