package dev.bulwark.audit.rule;

import java.util.Locale;
import java.util.Optional;

/** How bad a violated rule is, most severe first. */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW,
  INFO;

  /** The lower-case name used in rule files, reports and --fail-on. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this is at least as severe as {@code threshold}. */
  public boolean atLeast(Severity threshold) {
    return ordinal() <= threshold.ordinal();
  }

  public static Optional<Severity> parse(String text) {
    for (Severity severity : values()) {
      if (severity.label().equals(text)) {
        return Optional.of(severity);
      }
    }
    return Optional.empty();
  }
}
