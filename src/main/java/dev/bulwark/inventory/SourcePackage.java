package dev.bulwark.inventory;

/**
 * The source package a binary package was built from: Debian's {@code Source:}, an RPM's source
 * rpm, Alpine's origin. Distributions publish advisories against these names and versions.
 */
public record SourcePackage(String name, String version) {
  public SourcePackage {
    if (name.isBlank()) {
      throw new IllegalArgumentException("source package without a name");
    }
  }
}
