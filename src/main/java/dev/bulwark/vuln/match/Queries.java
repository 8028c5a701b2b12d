package dev.bulwark.vuln.match;

import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.inventory.SourcePackage;
import dev.bulwark.inventory.distro.Distro;
import dev.bulwark.vuln.version.VersionScheme;
import dev.bulwark.vuln.version.VersionSchemes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides how each inventory package meets advisories, following each distribution's practice:
 *
 * <ul>
 *   <li>Debian and Ubuntu publish by source package, so a binary is looked up by its source name
 *       and compared by its source version: dmsetup 2:1.02.185-2 is built from lvm2 2.03.16-2, and
 *       its own epoch must not hide an lvm2 fix.
 *   <li>Alpine publishes by origin package, per branch ({@code Alpine:v3.18}).
 *   <li>RPM distributions publish by binary package name with EVR versions (AlmaLinux, Rocky); the
 *       source rpm's name is tried too, for feeds that list source packages.
 *   <li>Language packages are looked up in their registry's ecosystem — unless an OS package
 *       installed their files: those are the distribution's copies, patched by it, and judged by
 *       its advisories only. Go executables are not copies of a registry's package but builds, and
 *       are judged by the Go database wherever they came from (the toolchain version in their
 *       build information meets the {@code stdlib} advisories). A distribution that backports
 *       toolchain fixes without changing the version is the one case this reports too much.
 * </ul>
 */
public final class Queries {
  private Queries() {}

  public static List<PackageQuery> of(Package p, Optional<Distro> distro) {
    PackageRecord record = p.record();
    if (!record.type().isOs()) {
      // A Go executable is the exception: it links the standard library and its modules in, and its
      // build information records the toolchain and module versions compiled in. A distribution
      // publishes advisories for its Go toolchain source, not for every executable built with it, so
      // those are judged by the Go database even when a package manager installed the executable.
      boolean judgedByOwner = p.ownedBy().isPresent() && record.type() != PackageType.GOLANG;
      if (judgedByOwner || record.version().isEmpty()) {
        return List.of();
      }
      Optional<VersionScheme> scheme = VersionSchemes.forEcosystem(record.type().osvEcosystem());
      if (scheme.isEmpty()) {
        return List.of();
      }
      String version = record.version();
      if (record.type() == PackageType.GOLANG) {
        if (!version.startsWith("v")) {
          version = "v" + version;
        }
        // (devel) and other non-versions: built from a checkout, nothing to compare. Go's order puts
        // them below every release, which would make them "affected" by every advisory.
        if (!scheme.orElseThrow().isValid(version)) {
          return List.of();
        }
      }
      return List.of(new PackageQuery(record.type().osvEcosystem(), release -> true, record.name(), version,
          scheme.orElseThrow()));
    }
    if (distro.isEmpty()) {
      return List.of();
    }
    Distro d = distro.orElseThrow();
    Optional<OsEcosystem> ecosystem = OsEcosystem.of(d);
    if (ecosystem.isEmpty()) {
      return List.of();
    }
    OsEcosystem os = ecosystem.orElseThrow();
    VersionScheme scheme = VersionSchemes.forEcosystem(os.base()).orElseThrow();
    List<PackageQuery> queries = new ArrayList<>();
    switch (record.type()) {
      case DEB, APK -> {
        String name = record.source().map(SourcePackage::name).orElse(record.name());
        String version = record.type() == PackageType.DEB
            ? record.source().map(SourcePackage::version).filter(v -> !v.isEmpty()).orElse(record.version())
            : record.version();
        queries.add(new PackageQuery(os.base(), os.release(), name, version, scheme));
      }
      case RPM -> {
        queries.add(new PackageQuery(os.base(), os.release(), record.name(), record.version(), scheme));
        record.source().map(SourcePackage::name).filter(source -> !source.equals(record.name()))
            .ifPresent(source ->
                queries.add(new PackageQuery(os.base(), os.release(), source, record.version(), scheme)));
      }
      default -> {}
    }
    return queries;
  }

  /** A distribution's OSV ecosystem base and which of its releases apply to the image. */
  record OsEcosystem(String base, Predicate<String> release) {
    static Optional<OsEcosystem> of(Distro distro) {
      String version = distro.versionId();
      String major = version.contains(".") ? version.substring(0, version.indexOf('.')) : version;
      return switch (distro.id().toLowerCase(Locale.ROOT)) {
        case "debian" -> Optional.of(new OsEcosystem("Debian", exactly(major)));
        // Ubuntu names releases 22.04:LTS (or 24.10), and writes fixes only available with a Pro
        // subscription (ESM) under Pro:22.04:LTS. Those describe the same release and the same
        // packages: once standard support ends, or for universe packages, they are the only record
        // that a release is affected, so they apply too (the fix they name is a Pro build). FIPS
        // variants (Pro:FIPS:…, Pro:FIPS-updates:…) are other builds, for images that opted in.
        case "ubuntu" -> Optional.of(new OsEcosystem("Ubuntu", r -> r.equals(version) || r.equals(version + ":LTS")
            || r.equals("Pro:" + version) || r.equals("Pro:" + version + ":LTS")));
        case "alpine" -> Optional.of(new OsEcosystem("Alpine",
            exactly(distro.branch().orElse("v" + majorMinor(version)))));
        case "almalinux" -> Optional.of(new OsEcosystem("AlmaLinux", exactly(major)));
        case "rocky" -> Optional.of(new OsEcosystem("Rocky Linux", exactly(major)));
        case "rhel" -> Optional.of(new OsEcosystem("Red Hat", r -> r.contains("enterprise_linux:" + major)));
        case "wolfi" -> Optional.of(new OsEcosystem("Wolfi", r -> true));
        case "chainguard" -> Optional.of(new OsEcosystem("Chainguard", r -> true));
        case "photon" -> Optional.of(new OsEcosystem("Photon OS", exactly(version)));
        case "opensuse-leap" -> Optional.of(new OsEcosystem("openSUSE", r -> r.equals("Leap " + version)));
        case "sles" -> Optional.of(new OsEcosystem("SUSE", r -> r.contains(version.replace(".", " SP"))));
        default -> Optional.empty();
      };
    }

    private static Predicate<String> exactly(String release) {
      return release::equals;
    }

    private static String majorMinor(String version) {
      String[] parts = version.split("\\.");
      return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
    }
  }
}
