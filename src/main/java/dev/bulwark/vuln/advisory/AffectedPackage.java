package dev.bulwark.vuln.advisory;

import java.util.Objects;
import java.util.Optional;

/** The package an affected entry names: its ecosystem, its native name, and the advisory's PURL for it. */
public record AffectedPackage(Ecosystem ecosystem, String name, Optional<String> purl) {
  /** Longer package names are refused (Maven group:artifact and Go module paths stay well under this). */
  public static final int MAX_NAME_LENGTH = 1024;

  public AffectedPackage {
    Objects.requireNonNull(ecosystem, "ecosystem");
    Objects.requireNonNull(purl, "purl");
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("package name is empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("package name longer than " + MAX_NAME_LENGTH + " characters");
    }
  }

  /** The name as indexed and looked up; see {@link PackageNames}. */
  public String normalizedName() {
    return PackageNames.normalize(ecosystem, name);
  }
}
