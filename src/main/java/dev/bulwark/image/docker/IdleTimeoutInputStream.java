package dev.bulwark.image.docker;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.Channel;
import java.time.Duration;

/**
 * Closes a connection on which nothing arrived for a while, so that an engine that hangs does not
 * hang us: unix socket channels have no read timeout of their own. A watchdog thread (virtual)
 * lives as long as the stream is open.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
  private final Channel channel;
  private final Duration idle;
  private final Thread watchdog;
  private volatile long lastActivity = System.nanoTime();
  private volatile boolean closed;
  private volatile boolean timedOut;

  IdleTimeoutInputStream(InputStream in, Channel channel, Duration idle) {
    super(in);
    this.channel = channel;
    this.idle = idle;
    this.watchdog = Thread.ofVirtual().name("bulwark-engine-watchdog").start(this::watch);
  }

  private void watch() {
    while (!closed) {
      long quiet = System.nanoTime() - lastActivity;
      if (quiet >= idle.toNanos()) {
        timedOut = true;
        try {
          channel.close();
        } catch (IOException ignored) {
          // closing is all that is wanted; a failure leaves nothing to do
        }
        return;
      }
      try {
        Thread.sleep(Duration.ofNanos(idle.toNanos() - quiet).plusMillis(1));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    try {
      int n = in.read(buffer, offset, length);
      lastActivity = System.nanoTime();
      return n;
    } catch (IOException e) {
      if (timedOut) {
        InterruptedIOException timeout = new InterruptedIOException(
            "the engine sent nothing for "
                + (idle.toSeconds() >= 1 ? idle.toSeconds() + " s" : idle.toMillis() + " ms"));
        timeout.initCause(e);
        throw timeout;
      }
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    watchdog.interrupt();
    in.close();
  }
}
