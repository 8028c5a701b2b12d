package dev.bulwark.vuln.version;

/**
 * RPM distributions (Red Hat, AlmaLinux, Rocky, SUSE, Photon, Mageia, …): {@code [epoch:]version
 * [-release]} ordered as rpm 4.18's {@code rpm.labelCompare} after rpm's own EVR parse — epoch
 * (missing is 0), version and release each by {@code rpmvercmp}, a missing release before any
 * release. Every string is an EVR to rpm, so no input is out of order; {@link #isValid} only flags
 * an empty version or release.
 */
public final class RpmScheme implements VersionScheme {
  @Override
  public String name() {
    return "rpm";
  }

  @Override
  public int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    return Integer.signum(RpmEvr.parse(a).compareTo(RpmEvr.parse(b)));
  }

  @Override
  public boolean isValid(String version) {
    return RpmEvr.parse(version).isWellFormed();
  }
}
