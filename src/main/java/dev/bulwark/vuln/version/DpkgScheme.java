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
    return Integer.signum(DpkgVersion.parse(a).compareTo(DpkgVersion.parse(b)));
  }

  @Override
  public boolean isValid(String version) {
    return DpkgVersion.parse(version).valid();
  }
}
