package dev.bulwark.vuln.version;

import java.util.Comparator;

/**
 * How one package ecosystem orders its version strings, following that ecosystem's own tool
 * ({@code dpkg --compare-versions}, rpm's {@code rpmvercmp}, {@code apk version -t}, Maven's
 * {@code ComparableVersion}, …).
 *
 * <p>Every implementation is a total preorder on all strings: {@link #compare} never throws, is
 * antisymmetric ({@code sgn(compare(a, b)) == -sgn(compare(b, a))}) and transitive, whatever it is
 * given. Advisories and images carry versions their own tool would refuse; each scheme documents
 * how it orders those (in the spirit of the tool: dpkg and rpm compare odd strings anyway, Go's
 * semver puts every invalid string below every valid one). {@link #isValid} says whether the
 * ecosystem's tool accepts a string as it is.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface VersionScheme extends Comparator<String> {
  /** The scheme's name on the command line ({@code dpkg}, {@code rpm}, {@code maven}, …). */
  String name();

  /** Negative, zero or positive as {@code a} is older than, the same as, or newer than {@code b}. */
  @Override
  int compare(String a, String b);

  /** Whether the ecosystem's own tool accepts {@code version} without complaint. */
  boolean isValid(String version);
}
