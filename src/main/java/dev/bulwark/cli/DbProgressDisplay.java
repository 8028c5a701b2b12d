package dev.bulwark.cli;

import dev.bulwark.vuln.db.DbProgress;
import java.io.PrintWriter;

/** A one-line display of downloads and document counts on a terminal's stderr, redrawn at most ten times a second. */
final class DbProgressDisplay implements DbProgress {
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private String what = "";
  private long total = -1;
  private long lastDraw;
  private boolean drawn;

  DbProgressDisplay(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void downloading(String url, long totalBytes) {
    what = "fetching " + url;
    total = totalBytes;
    draw(what, true);
  }

  @Override
  public void downloaded(long bytes) {
    String amount = total > 0 ? String.format("%,d / %,d KiB", bytes >> 10, total >> 10) : String.format("%,d KiB", bytes >> 10);
    draw(what + "  " + amount, false);
  }

  @Override
  public void reading(String source) {
    what = "reading " + source;
    draw(what, true);
  }

  @Override
  public void documents(long count) {
    draw(what + String.format("  %,d advisories", count), false);
  }

  @Override
  public void finished() {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
    }
  }

  private void draw(String line, boolean now) {
    long time = System.nanoTime();
    if (!now && time - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = time;
    drawn = true;
    String text = Terminal.sanitize(line);
    err.print("\r" + (text.length() > 110 ? "…" + text.substring(text.length() - 109) : text) + "\033[K");
    err.flush();
  }
}
