package dev.bulwark.vuln.version;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The version schemes, by command-line name and by OSV ecosystem.
 *
 * <p>OSV ecosystem names may carry a suffix after a colon ({@code Debian:12}, {@code
 * Ubuntu:22.04:LTS}, {@code Alpine:v3.18}, {@code AlmaLinux:9}); only the part before the first
 * colon chooses the scheme. {@code SEMVER}, the OSV range type, names the plain SemVer 2.0 scheme.
 */
public final class VersionSchemes {
  private static final VersionScheme DPKG = new DpkgScheme();
  private static final VersionScheme RPM = new RpmScheme();
  private static final VersionScheme APK = new ApkScheme();
  private static final VersionScheme NPM = new SemverScheme(SemverScheme.Flavor.NPM);
  private static final VersionScheme SEMVER = new SemverScheme(SemverScheme.Flavor.SEMVER);
  private static final VersionScheme CRATES = new SemverScheme(SemverScheme.Flavor.CRATES);
  private static final VersionScheme GO = new GoScheme();
  private static final VersionScheme MAVEN = new MavenScheme();
  private static final VersionScheme PYPI = new Pep440Scheme();
  private static final VersionScheme RUBYGEMS = new RubyGemsScheme();
  private static final VersionScheme NUGET = new NuGetScheme();
  private static final VersionScheme COMPOSER = new ComposerScheme();

  private static final List<VersionScheme> ALL =
      List.of(DPKG, RPM, APK, NPM, SEMVER, CRATES, GO, MAVEN, PYPI, RUBYGEMS, NUGET, COMPOSER);

  /** Other names the command line accepts for a scheme. */
  private static final Map<String, VersionScheme> ALIASES = Map.of(
      "deb", DPKG, "debian", DPKG, "alpine", APK, "pep440", PYPI, "python", PYPI, "cargo", CRATES,
      "golang", GO, "gem", RUBYGEMS, "packagist", COMPOSER, "php", COMPOSER);

  /** OSV ecosystem names (the part before any colon), lower-cased, to schemes. */
  private static final Map<String, VersionScheme> ECOSYSTEMS = Map.ofEntries(
      Map.entry("debian", DPKG),
      Map.entry("ubuntu", DPKG),
      Map.entry("alpine", APK),
      Map.entry("wolfi", APK),
      Map.entry("chainguard", APK),
      Map.entry("alpaquita", APK),
      Map.entry("bellsoft hardened containers", APK),
      Map.entry("minimos", APK),
      Map.entry("almalinux", RPM),
      Map.entry("rocky linux", RPM),
      Map.entry("red hat", RPM),
      Map.entry("opensuse", RPM),
      Map.entry("suse", RPM),
      Map.entry("photon os", RPM),
      Map.entry("mageia", RPM),
      Map.entry("openeuler", RPM),
      Map.entry("azure linux", RPM),
      Map.entry("go", GO),
      Map.entry("npm", NPM),
      Map.entry("maven", MAVEN),
      Map.entry("pypi", PYPI),
      Map.entry("rubygems", RUBYGEMS),
      Map.entry("nuget", NUGET),
      Map.entry("packagist", COMPOSER),
      Map.entry("crates.io", CRATES),
      Map.entry("semver", SEMVER));

  private VersionSchemes() {}

  /** Every scheme, in a stable order. */
  public static List<VersionScheme> all() {
    return ALL;
  }

  /** The scheme with this command-line name or alias ({@code dpkg}, {@code pep440}, …), any case. */
  public static Optional<VersionScheme> named(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    for (VersionScheme scheme : ALL) {
      if (scheme.name().equals(key)) {
        return Optional.of(scheme);
      }
    }
    return Optional.ofNullable(ALIASES.get(key));
  }

  /**
   * The scheme of an OSV ecosystem ({@code Debian:12}, {@code PyPI}, {@code crates.io}) or of the
   * OSV range type {@code SEMVER}; empty for ecosystems Bulwark has no scheme for.
   */
  public static Optional<VersionScheme> forEcosystem(String osvEcosystem) {
    int colon = osvEcosystem.indexOf(':');
    String base = (colon < 0 ? osvEcosystem : osvEcosystem.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
    return Optional.ofNullable(ECOSYSTEMS.get(base));
  }

  /** A scheme by command-line name or alias, else by OSV ecosystem name. */
  public static Optional<VersionScheme> lookup(String nameOrEcosystem) {
    return named(nameOrEcosystem).or(() -> forEcosystem(nameOrEcosystem));
  }
}
