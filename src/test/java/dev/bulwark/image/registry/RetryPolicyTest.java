package dev.bulwark.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(60));

  @Nested
  class Delays {
    @Test
    void backsOffExponentiallyThenStops() {
      assertThat(policy.delayAfter(1, Optional.empty())).contains(Duration.ofMillis(500));
      assertThat(policy.delayAfter(2, Optional.empty())).contains(Duration.ofMillis(1000));
      assertThat(policy.delayAfter(3, Optional.empty())).contains(Duration.ofMillis(2000));
      assertThat(policy.delayAfter(4, Optional.empty())).isEmpty();
    }

    @Test
    void honoursRetryAfterUpToTheMaximum() {
      assertThat(policy.delayAfter(1, Optional.of(Duration.ofSeconds(7)))).contains(Duration.ofSeconds(7));
      assertThat(policy.delayAfter(1, Optional.of(Duration.ofMinutes(5)))).isEmpty();
    }

    @Test
    void capsTheBackOff() {
      RetryPolicy many = new RetryPolicy(40, Duration.ofSeconds(1), Duration.ofSeconds(10));
      assertThat(many.delayAfter(30, Optional.empty())).contains(Duration.ofSeconds(10));
    }
  }

  @Nested
  class WhatIsRetried {
    @Test
    void transientStatusesOnly() {
      assertThat(RetryPolicy.retryableStatus(503)).isTrue();
      assertThat(RetryPolicy.retryableStatus(429)).isTrue();
      assertThat(RetryPolicy.retryableStatus(502)).isTrue();
      assertThat(RetryPolicy.retryableStatus(404)).isFalse();
      assertThat(RetryPolicy.retryableStatus(401)).isFalse();
      assertThat(RetryPolicy.retryableStatus(501)).isFalse();
    }

    @Test
    void connectionFailuresButNotTls() {
      assertThat(RetryPolicy.retryable(new ConnectException("refused"))).isTrue();
      assertThat(RetryPolicy.retryable(new IOException("Connection reset"))).isTrue();
      assertThat(RetryPolicy.retryable(new SSLHandshakeException("PKIX path building failed"))).isFalse();
      assertThat(RetryPolicy.retryable(new IOException(new SSLHandshakeException("x")))).isFalse();
    }
  }

  @Nested
  class RetryAfter {
    @Test
    void readsSecondsAndHttpDates() {
      Instant now = Instant.parse("2024-05-01T10:00:00Z");
      assertThat(RetryPolicy.parseRetryAfter("30", now)).contains(Duration.ofSeconds(30));
      assertThat(RetryPolicy.parseRetryAfter("Wed, 01 May 2024 10:00:12 GMT", now)).contains(Duration.ofSeconds(12));
      assertThat(RetryPolicy.parseRetryAfter("Wed, 01 May 2024 09:00:00 GMT", now)).contains(Duration.ZERO);
      assertThat(RetryPolicy.parseRetryAfter("soon", now)).isEmpty();
      assertThat(RetryPolicy.parseRetryAfter("-5", now)).isEmpty();
    }
  }
}
