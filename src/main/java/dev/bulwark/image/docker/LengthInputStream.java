package dev.bulwark.image.docker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** A body of exactly {@code Content-Length} bytes; fewer before the connection closes is an error. */
final class LengthInputStream extends InputStream {
  private final InputStream in;
  private long remaining;

  LengthInputStream(InputStream in, long length) {
    this.in = in;
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (remaining == 0) {
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, remaining));
    if (n < 0) {
      throw new EOFException("the connection closed " + remaining + " bytes before the end of the body");
    }
    remaining -= n;
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
