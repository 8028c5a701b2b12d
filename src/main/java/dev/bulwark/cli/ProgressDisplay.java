package dev.bulwark.cli;

import dev.bulwark.inventory.Progress;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A one-line progress display on a terminal's stderr, redrawn at most ten times a second. */
final class ProgressDisplay implements Progress {
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream err;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicLong lastDraw = new AtomicLong();
  private volatile int total;
  private volatile boolean drawn;

  ProgressDisplay(PrintStream err) {
    this.err = err;
  }

  @Override
  public void layersToRead(int count, int cached) {
    total = count;
    if (cached > 0) {
      err.print("\r" + cached + " layer" + (cached == 1 ? "" : "s") + " from cache\n");
    }
  }

  @Override
  public void bytesRead(long count) {
    bytes.addAndGet(count);
    maybeDraw();
  }

  @Override
  public void layerDone() {
    done.incrementAndGet();
    maybeDraw();
  }

  @Override
  public void finished() {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
    }
  }

  private void maybeDraw() {
    long now = System.nanoTime();
    long last = lastDraw.get();
    if (now - last < REDRAW_NANOS || !lastDraw.compareAndSet(last, now)) {
      return;
    }
    drawn = true;
    err.print(String.format("\rreading layers %d/%d  %,d MB\033[K", done.get(), total, bytes.get() >> 20));
    err.flush();
  }
}
