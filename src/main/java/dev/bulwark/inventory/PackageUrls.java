package dev.bulwark.inventory;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.bulwark.inventory.distro.Distro;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Package URLs (purl-spec) for inventory packages, in one stable form: OS packages carry their
 * distribution as namespace and a {@code distro} qualifier, their {@code arch}, and the epoch as
 * an {@code epoch} qualifier with the version written without it (rpm's purl definition, which
 * Trivy applies to deb too). Qualifiers are sorted, so the same package always gets the same URL.
 */
public final class PackageUrls {
  private PackageUrls() {}

  /** The Package URL, or empty when the recorded name cannot form one. */
  public static Optional<String> of(PackageRecord pkg, Optional<Distro> distro) {
    TreeMap<String, String> qualifiers = new TreeMap<>();
    String namespace = null;
    String name = pkg.name();
    String version = pkg.version();
    switch (pkg.type()) {
      case DEB, RPM, APK -> {
        namespace = distro.map(Distro::purlNamespace).orElse(defaultNamespace(pkg.type()));
        int colon = version.indexOf(':');
        if (pkg.type() != PackageType.APK && colon > 0 && version.substring(0, colon).chars().allMatch(Character::isDigit)) {
          qualifiers.put("epoch", version.substring(0, colon));
          version = version.substring(colon + 1);
        }
        if (!pkg.arch().isEmpty()) {
          qualifiers.put("arch", pkg.arch());
        }
        distro.ifPresent(d -> qualifiers.put("distro", d.purlDistro()));
        if (pkg.type() == PackageType.DEB || pkg.type() == PackageType.APK) {
          name = name.toLowerCase(Locale.ROOT);
        }
      }
      case MAVEN -> {
        int colon = name.indexOf(':');
        if (colon >= 0) {
          namespace = name.substring(0, colon);
          name = name.substring(colon + 1);
        }
      }
      case NPM, COMPOSER, GOLANG -> {
        int slash = name.lastIndexOf('/');
        if (slash > 0) {
          namespace = name.substring(0, slash);
          name = name.substring(slash + 1);
        }
        if (pkg.type() == PackageType.COMPOSER) {
          namespace = namespace == null ? null : namespace.toLowerCase(Locale.ROOT);
          name = name.toLowerCase(Locale.ROOT);
        }
      }
      case PYPI -> name = name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
      case CARGO, GEM, NUGET -> {}
    }
    if (namespace != null && namespace.isEmpty()) {
      namespace = null;
    }
    try {
      return Optional.of(new PackageURL(pkg.type().purlType(), namespace, name,
          version.isEmpty() ? null : version, qualifiers.isEmpty() ? null : qualifiers, null).canonicalize());
    } catch (MalformedPackageURLException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String defaultNamespace(PackageType type) {
    return switch (type) {
      case DEB -> "debian";
      case APK -> "alpine";
      default -> null;
    };
  }
}
