package dev.bulwark.vuln.db;

import dev.bulwark.UsageException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The age check shared by {@code db info} and {@code scan}: a database built longer ago than the maximum
 * age gives a warning, never a silent pass. The maximum comes from {@code --max-age}, else
 * {@code BULWARK_DB_MAX_AGE}, else {@link #DEFAULT_MAX_AGE}; durations are written {@code 7d}, {@code 36h},
 * {@code 90m}, or ISO-8601 ({@code P7D}, {@code PT12H}).
 */
public final class DbAge {
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

  private DbAge() {}

  public static Duration maxAge(Optional<String> option, Map<String, String> environment) {
    if (option.isPresent()) {
      return parse(option.orElseThrow(), "--max-age");
    }
    String fromEnvironment = environment.get("BULWARK_DB_MAX_AGE");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return parse(fromEnvironment, "BULWARK_DB_MAX_AGE");
    }
    return DEFAULT_MAX_AGE;
  }

  public static Duration parse(String text, String what) {
    String value = text.strip();
    try {
      if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
        return positive(Duration.parse(value.toUpperCase(Locale.ROOT)), text, what);
      }
      if (value.length() >= 2) {
        long number = Long.parseLong(value.substring(0, value.length() - 1));
        Duration duration = switch (Character.toLowerCase(value.charAt(value.length() - 1))) {
          case 'd' -> Duration.ofDays(number);
          case 'h' -> Duration.ofHours(number);
          case 'm' -> Duration.ofMinutes(number);
          case 's' -> Duration.ofSeconds(number);
          case 'w' -> Duration.ofDays(7 * number);
          default -> null;
        };
        if (duration != null) {
          return positive(duration, text, what);
        }
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      // Reported below.
    }
    throw new UsageException(what + ": '" + text + "' is not a duration like 7d, 36h, 90m or P7D");
  }

  private static Duration positive(Duration duration, String text, String what) {
    if (duration.isNegative() || duration.isZero()) {
      throw new UsageException(what + ": '" + text + "' must be longer than zero");
    }
    return duration;
  }

  /** The warning to print when the database is older than {@code maxAge}; empty when it is fresh enough. */
  public static Optional<String> warning(StoreMetadata metadata, Duration maxAge, Instant now) {
    Duration age = metadata.age(now);
    if (age.compareTo(maxAge) <= 0) {
      return Optional.empty();
    }
    return Optional.of("the advisory database " + metadata.location() + " is " + describe(age) + " old (built "
        + metadata.builtAt() + "; maximum age " + describe(maxAge) + "): run `bulwark db update`");
  }

  /** {@code 9 days}, {@code 5 hours}, {@code 12 minutes}. */
  public static String describe(Duration duration) {
    if (duration.toDays() >= 2) {
      return duration.toDays() + " days";
    }
    if (duration.toHours() >= 2) {
      return duration.toHours() + " hours";
    }
    long minutes = duration.toMinutes();
    return minutes + (minutes == 1 ? " minute" : " minutes");
  }
}
