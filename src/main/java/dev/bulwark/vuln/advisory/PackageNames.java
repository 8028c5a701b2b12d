package dev.bulwark.vuln.advisory;

import java.util.Locale;

/**
 * The form in which package names are indexed and looked up, per ecosystem, so that an inventory name
 * and an advisory name that the ecosystem treats as the same package meet. The rules:
 *
 * <ul>
 *   <li>PyPI: PEP 503 normalization (lower case; each run of {@code -}, {@code _}, {@code .} becomes one
 *       {@code -}), since pip treats {@code Foo_Bar} and {@code foo-bar} as one project.
 *   <li>NuGet: lower case; package ids are case-insensitive on nuget.org.
 *   <li>Packagist: lower case; Composer package names are case-insensitive.
 *   <li>crates.io: lower case with {@code _} as {@code -}; crates.io refuses names that differ only so.
 *   <li>Hex, Pub: lower case (their registries only accept lower-case names).
 *   <li>Everything else as written: npm (case-sensitive, legacy names with capitals exist), Maven
 *       ({@code group:artifact}, case-sensitive), Go module paths, RubyGems, and every distribution
 *       (dpkg, apk and rpm names are case-sensitive: {@code NetworkManager}).
 * </ul>
 */
public final class PackageNames {
  private PackageNames() {}

  public static String normalize(Ecosystem ecosystem, String name) {
    return normalize(ecosystem.base(), name);
  }

  public static String normalize(String ecosystemBase, String name) {
    return switch (ecosystemBase) {
      case "PyPI" -> pep503(name);
      case "NuGet", "Packagist", "Hex", "Pub" -> name.toLowerCase(Locale.ROOT);
      case "crates.io" -> name.toLowerCase(Locale.ROOT).replace('_', '-');
      default -> name;
    };
  }

  /** PEP 503: {@code re.sub(r"[-_.]+", "-", name).lower()}. */
  static String pep503(String name) {
    StringBuilder out = new StringBuilder(name.length());
    boolean separator = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '-' || c == '_' || c == '.') {
        if (!separator) {
          out.append('-');
          separator = true;
        }
      } else {
        out.append(Character.toLowerCase(c));
        separator = false;
      }
    }
    return out.toString();
  }
}
