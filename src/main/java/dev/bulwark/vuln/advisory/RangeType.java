package dev.bulwark.vuln.advisory;

import java.util.Optional;

/** OSV range types: versions ordered by the ecosystem's own rules, SemVer 2.0, or git commits. */
public enum RangeType {
  ECOSYSTEM,
  SEMVER,
  GIT;

  public static Optional<RangeType> parse(String text) {
    for (RangeType type : values()) {
      if (type.name().equals(text)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
