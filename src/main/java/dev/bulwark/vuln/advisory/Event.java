package dev.bulwark.vuln.advisory;

import java.util.Objects;

/**
 * One event of an OSV range. {@code introduced: "0"} means "since the first version"; {@code fixed} is the
 * first version without the flaw; {@code last_affected} the last one with it; {@code limit} bounds the
 * range for GIT walks.
 */
public record Event(Kind kind, String version) {
  /** Versions and commit hashes are short; a longer one is malformed input. */
  public static final int MAX_VERSION_LENGTH = 512;

  public enum Kind {
    INTRODUCED("introduced"),
    FIXED("fixed"),
    LAST_AFFECTED("last_affected"),
    LIMIT("limit");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public Event {
    Objects.requireNonNull(kind, "kind");
    if (version == null || version.isEmpty()) {
      throw new IllegalArgumentException(kind.wireName() + " event has an empty version");
    }
    if (version.length() > MAX_VERSION_LENGTH) {
      throw new IllegalArgumentException(kind.wireName() + " version longer than " + MAX_VERSION_LENGTH);
    }
  }

  /** {@code introduced: "0"}: affected from the very first version. */
  public boolean isIntroducedAtZero() {
    return kind == Kind.INTRODUCED && version.equals("0");
  }
}
