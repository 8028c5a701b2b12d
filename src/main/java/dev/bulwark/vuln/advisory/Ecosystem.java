package dev.bulwark.vuln.advisory;

import java.util.Optional;

/**
 * An OSV ecosystem string exactly as advisories write it: {@code PyPI}, {@code Go}, {@code Debian:12},
 * {@code Alpine:v3.18}, {@code Ubuntu:Pro:22.04:LTS}, {@code Red Hat:enterprise_linux:9::appstream}. The base
 * is the part before the first colon ({@code Debian}); the release is what follows it, if anything.
 * Ecosystem names are case-sensitive in OSV and are kept as written.
 */
public record Ecosystem(String name) {
  /** Longer names than this are not OSV ecosystems (the longest real ones are under 60 characters). */
  public static final int MAX_LENGTH = 200;

  public Ecosystem {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("ecosystem is empty");
    }
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("ecosystem name longer than " + MAX_LENGTH + " characters");
    }
    if (!name.strip().equals(name)) {
      throw new IllegalArgumentException("ecosystem '" + name + "' has surrounding white space");
    }
  }

  public static Ecosystem of(String name) {
    return new Ecosystem(name);
  }

  /** {@code Debian} for {@code Debian:12}; the name itself when it has no release. */
  public String base() {
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }

  /** {@code 12} for {@code Debian:12}, {@code Pro:22.04:LTS} for {@code Ubuntu:Pro:22.04:LTS}. */
  public Optional<String> release() {
    int colon = name.indexOf(':');
    return colon < 0 || colon == name.length() - 1 ? Optional.empty() : Optional.of(name.substring(colon + 1));
  }

  @Override
  public String toString() {
    return name;
  }
}
