package dev.bulwark.image.docker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

/**
 * The body of a response sent with {@code Transfer-Encoding: chunked} (RFC 9112 §7.1): chunk sizes
 * in hex with optional extensions, each chunk followed by CRLF, a zero-size last chunk, then
 * trailer lines up to an empty one. Ends cleanly only at the last chunk; a connection that closes
 * before it is an {@link EOFException}.
 */
final class ChunkedInputStream extends InputStream {
  /** No engine sends chunks anywhere near this; a larger size line is garbage. */
  static final int MAX_CHUNK_SIZE_DIGITS = 15;

  private final InputStream in;
  private long remaining;
  private boolean first = true;
  private boolean done;

  ChunkedInputStream(InputStream in) {
    this.in = in;
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
    if (done) {
      return -1;
    }
    if (remaining == 0) {
      nextChunk();
      if (done) {
        return -1;
      }
    }
    int n = in.read(buffer, offset, (int) Math.min(length, remaining));
    if (n < 0) {
      throw new EOFException("the connection closed inside a chunk");
    }
    remaining -= n;
    return n;
  }

  private void nextChunk() throws IOException {
    int[] budget = {HttpResponseHead.MAX_HEAD_BYTES};
    if (!first) {
      String end = HttpResponseHead.line(in, budget);
      if (end == null || !end.isEmpty()) {
        throw new ProtocolException("chunk not followed by CRLF");
      }
    }
    first = false;
    String line = HttpResponseHead.line(in, budget);
    if (line == null) {
      throw new EOFException("the connection closed before the last chunk");
    }
    int semicolon = line.indexOf(';');
    String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).trim();
    if (hex.isEmpty() || hex.length() > MAX_CHUNK_SIZE_DIGITS || !hex.matches("[0-9A-Fa-f]+")) {
      throw new ProtocolException("malformed chunk size '" + (line.length() > 40 ? line.substring(0, 40) : line) + "'");
    }
    remaining = Long.parseLong(hex, 16);
    if (remaining == 0) {
      while (true) { // trailers, bounded together by the budget
        String trailer = HttpResponseHead.line(in, budget);
        if (trailer == null) {
          throw new EOFException("the connection closed inside the trailers");
        }
        if (trailer.isEmpty()) {
          break;
        }
      }
      done = true;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
