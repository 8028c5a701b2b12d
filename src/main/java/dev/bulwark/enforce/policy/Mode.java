package dev.bulwark.enforce.policy;

import java.util.Locale;
import java.util.Optional;

/** What a rule does at an enforcement point. */
public enum Mode {
  /** A violation denies the request. */
  ENFORCE,
  /** A violation is allowed, reported to the user as a warning and logged. */
  WARN,
  /** The rule is not evaluated. */
  OFF;

  public static Optional<Mode> parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "enforce" -> Optional.of(ENFORCE);
      case "warn" -> Optional.of(WARN);
      case "off" -> Optional.of(OFF);
      default -> Optional.empty();
    };
  }
}
