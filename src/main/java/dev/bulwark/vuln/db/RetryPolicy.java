package dev.bulwark.vuln.db;

import java.time.Duration;

/**
 * How often and how patiently a download is retried after a transient failure (a dropped connection, a
 * truncated body, HTTP 408, 429 or 5xx): {@code attempts} in all, waiting {@code initialDelay} before the
 * second and doubling up to {@code maxDelay}.
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(8));

  public RetryPolicy {
    if (attempts < 1 || attempts > 20) {
      throw new IllegalArgumentException("attempts must be 1 to 20");
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("delays must be non-negative and maxDelay at least initialDelay");
    }
  }

  /** The wait before attempt {@code attempt} (2 for the first retry). */
  Duration delayBefore(int attempt) {
    Duration delay = initialDelay;
    for (int i = 2; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }
}
