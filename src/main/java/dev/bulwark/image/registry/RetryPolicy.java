package dev.bulwark.image.registry;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * When a failed registry request is tried again: connection failures, 5xx answers and 429 (after
 * its Retry-After), each only before any byte of the body reached a reader, and a bounded number of
 * times with exponential back-off.
 *
 * @param maxAttempts total attempts of one request, the first included
 * @param initialDelay the wait before the second attempt; doubled for each further one
 * @param maxDelay the longest wait between two attempts; a Retry-After asking for more is refused
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
  /** Four attempts within about 4 s of back-off; a registry asking for a minute is waited for. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(60));

  public RetryPolicy {
    if (maxAttempts < 1 || initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("invalid retry policy");
    }
  }

  /** Answers that say the registry is briefly unable, not that the request is wrong. */
  public static boolean retryableStatus(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  /** Transport failures worth another attempt: a TLS failure is a configuration problem, not one. */
  public static boolean retryable(IOException e) {
    return !(e instanceof SSLException) && !(e.getCause() instanceof SSLException);
  }

  /**
   * The wait before attempt {@code attempt + 1} after attempt {@code attempt} (1-based) failed, or
   * empty when no attempt is left or the registry asked for a longer wait than {@link #maxDelay}.
   */
  public Optional<Duration> delayAfter(int attempt, Optional<Duration> retryAfter) {
    if (attempt >= maxAttempts) {
      return Optional.empty();
    }
    if (retryAfter.isPresent()) {
      Duration asked = retryAfter.orElseThrow();
      return asked.compareTo(maxDelay) > 0 ? Optional.empty() : Optional.of(asked);
    }
    Duration delay = initialDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
    return Optional.of(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
  }

  /** Parses a Retry-After value: delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
  public static Optional<Duration> parseRetryAfter(String value, Instant now) {
    String text = value.trim();
    if (text.matches("[0-9]{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
