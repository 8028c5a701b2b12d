package dev.bulwark.inventory;

/**
 * The package ecosystems Bulwark inventories. OS package formats carry their distribution in the
 * Package URL namespace; language ecosystems name their registry's OSV ecosystem.
 */
public enum PackageType {
  DEB("deb", true, ""),
  APK("apk", true, ""),
  RPM("rpm", true, ""),
  MAVEN("maven", false, "Maven"),
  NPM("npm", false, "npm"),
  PYPI("pypi", false, "PyPI"),
  GOLANG("golang", false, "Go"),
  CARGO("cargo", false, "crates.io"),
  GEM("gem", false, "RubyGems"),
  NUGET("nuget", false, "NuGet"),
  COMPOSER("composer", false, "Packagist");

  private final String purlType;
  private final boolean os;
  private final String osvEcosystem;

  PackageType(String purlType, boolean os, String osvEcosystem) {
    this.purlType = purlType;
    this.os = os;
    this.osvEcosystem = osvEcosystem;
  }

  /** The Package URL type ({@code pkg:<type>/…}). */
  public String purlType() {
    return purlType;
  }

  /** Whether packages of this type are installed by the distribution's package manager. */
  public boolean isOs() {
    return os;
  }

  /** The OSV ecosystem name of a language ecosystem; empty for OS formats (it depends on the distro). */
  public String osvEcosystem() {
    return osvEcosystem;
  }
}
