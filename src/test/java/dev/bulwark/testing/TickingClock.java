package dev.bulwark.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A UTC clock that moves {@code step} each time it is read, from {@code start}: every time written differs. */
public final class TickingClock extends Clock {
  private final Instant start;
  private final Duration step;
  private final AtomicLong reads = new AtomicLong();

  public TickingClock(Instant start, Duration step) {
    this.start = start;
    this.step = step;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return start.plus(step.multipliedBy(reads.getAndIncrement()));
  }
}
