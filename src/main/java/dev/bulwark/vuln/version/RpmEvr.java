package dev.bulwark.vuln.version;

import java.util.Objects;
import java.util.Optional;

/**
 * An rpm {@code [epoch:]version[-release]} as rpm parses it ({@code parseEVR} in rpm 4.18): the
 * epoch is the run of digits at the start when a colon follows it (an empty one, {@code ":1.0"},
 * is 0); the release is what follows the last hyphen. A colon after anything but digits is part
 * of the version ({@code a:1} is the version {@code a:1}), as in rpm.
 *
 * @param epoch the epoch's digits, empty when the string has none
 * @param version the version, possibly empty
 * @param release the release, empty when the string has no hyphen (present but possibly empty
 *     when it ends with one)
 */
public record RpmEvr(Optional<String> epoch, String version, Optional<String> release) {
  public RpmEvr {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(release, "release");
  }

  /** Parses an EVR as rpm does; never fails. */
  public static RpmEvr parse(String evr) {
    int s = 0;
    while (s < evr.length() && Digits.isDigit(evr.charAt(s))) {
      s++;
    }
    int hyphen = evr.lastIndexOf('-');
    Optional<String> epoch = Optional.empty();
    int versionStart = 0;
    if (s < evr.length() && evr.charAt(s) == ':') {
      epoch = Optional.of(s == 0 ? "0" : evr.substring(0, s));
      versionStart = s + 1;
    }
    if (hyphen >= s) {
      return new RpmEvr(epoch, evr.substring(versionStart, hyphen), Optional.of(evr.substring(hyphen + 1)));
    }
    return new RpmEvr(epoch, evr.substring(versionStart), Optional.empty());
  }

  /** Whether rpm would take this for a well-formed EVR: a non-empty version, no empty release. */
  public boolean isWellFormed() {
    return !version.isEmpty() && release.map(r -> !r.isEmpty()).orElse(true);
  }

  /**
   * Orders two EVRs as {@code rpm.labelCompare}: epochs (missing is 0) with {@code rpmvercmp},
   * then versions, then releases, where a missing release sorts before any release. This is a
   * total order; rpm's dependency check differs, see {@link #compareIgnoringMissingRelease}.
   */
  public int compareTo(RpmEvr other) {
    int c = Rpmvercmp.compare(epoch.orElse("0"), other.epoch.orElse("0"));
    if (c != 0) {
      return c;
    }
    c = Rpmvercmp.compare(version, other.version);
    if (c != 0) {
      return c;
    }
    if (release.isPresent() && other.release.isPresent()) {
      return Rpmvercmp.compare(release.orElseThrow(), other.release.orElseThrow());
    }
    return Boolean.compare(release.isPresent(), other.release.isPresent());
  }

  /**
   * rpm's dependency comparison ({@code rpmverCmp}, used for {@code Requires: foo >= 1.0}): the
   * releases are compared only when both sides have one, so {@code 1.0} matches {@code 1.0-1} and
   * {@code 1.0-2} alike. That is not an order (it is not transitive), so it serves range checks
   * against a bound written without a release, never sorting.
   */
  public int compareIgnoringMissingRelease(RpmEvr other) {
    if (release.isEmpty() || other.release.isEmpty()) {
      return new RpmEvr(epoch, version, Optional.empty())
          .compareTo(new RpmEvr(other.epoch, other.version, Optional.empty()));
    }
    return compareTo(other);
  }

  @Override
  public String toString() {
    return epoch.map(e -> e + ":").orElse("") + version + release.map(r -> "-" + r).orElse("");
  }
}
