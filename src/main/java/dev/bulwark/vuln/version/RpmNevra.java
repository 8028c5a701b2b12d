package dev.bulwark.vuln.version;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An rpm package label {@code name-[epoch:]version-release[.arch]}, as rpm prints it ({@code rpm -q})
 * and as source rpms are named ({@code bash-5.1.8-6.el9.src} without the {@code .rpm}). The arch is
 * recognized only from rpm's list of architectures, so {@code 12.fc39} stays a release; the name is
 * everything before the second hyphen from the end, and absent when there is none ({@code 1:2.0-3}).
 */
public record RpmNevra(Optional<String> name, RpmEvr evr, Optional<String> arch) implements Comparable<RpmNevra> {
  /** rpm's architecture names (rpmrc's arch_canon and the pseudo-arches), as they end a label. */
  private static final Set<String> ARCHES = Set.of("noarch", "src", "nosrc", "x86_64", "amd64", "i386", "i486",
      "i586", "i686", "athlon", "geode", "pentium3", "pentium4", "ia32e", "ia64", "aarch64", "arm64", "armv5tel",
      "armv6l", "armv6hl", "armv7l", "armv7hl", "armv7hnl", "armv8l", "armv8hl", "ppc", "ppc64", "ppc64le",
      "ppc64p7", "ppc64iseries", "ppc64pseries", "s390", "s390x", "riscv", "riscv64", "mips", "mipsel", "mips64",
      "mips64el", "loongarch64", "sparc", "sparcv9", "sparc64", "alpha", "sh4", "m68k");

  public RpmNevra {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(evr, "evr");
    Objects.requireNonNull(arch, "arch");
  }

  /** Splits a label; never fails (a label without hyphens is all version). */
  public static RpmNevra parse(String label) {
    String rest = label;
    Optional<String> arch = Optional.empty();
    int dot = rest.lastIndexOf('.');
    if (dot >= 0 && ARCHES.contains(rest.substring(dot + 1))) {
      arch = Optional.of(rest.substring(dot + 1));
      rest = rest.substring(0, dot);
    }
    int releaseHyphen = rest.lastIndexOf('-');
    int versionHyphen = releaseHyphen > 0 ? rest.lastIndexOf('-', releaseHyphen - 1) : -1;
    if (versionHyphen < 0) {
      return new RpmNevra(Optional.empty(), RpmEvr.parse(rest), arch);
    }
    return new RpmNevra(Optional.of(rest.substring(0, versionHyphen)), RpmEvr.parse(rest.substring(versionHyphen + 1)),
        arch);
  }

  /** By name (as strings; a missing name first), then EVR, then arch (a missing arch first). */
  @Override
  public int compareTo(RpmNevra other) {
    int c = compareOptional(name, other.name);
    if (c != 0) {
      return c;
    }
    c = evr.compareTo(other.evr);
    return c != 0 ? c : compareOptional(arch, other.arch);
  }

  private static int compareOptional(Optional<String> a, Optional<String> b) {
    if (a.isPresent() && b.isPresent()) {
      return Integer.signum(a.orElseThrow().compareTo(b.orElseThrow()));
    }
    return Boolean.compare(a.isPresent(), b.isPresent());
  }
}
