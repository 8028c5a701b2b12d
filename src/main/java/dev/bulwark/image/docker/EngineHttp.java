package dev.bulwark.image.docker;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A minimal HTTP/1.1 client for the Docker Engine API, which the JDK's HTTP client cannot reach
 * over a unix socket: one GET per connection ({@code Connection: close}), bodies framed by
 * {@code Content-Length}, chunked transfer coding, or the end of the connection.
 */
final class EngineHttp {
  private EngineHttp() {}

  /** An answer whose body streams from the connection; closing it closes the connection. */
  record Response(HttpResponseHead head, InputStream body) implements AutoCloseable {
    int status() {
      return head.status();
    }

    Optional<String> header(String name) {
      return head.header(name);
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  /**
   * Sends {@code GET path} (already encoded) to the engine and reads the answer's head. The
   * connection is closed when nothing arrives on it for {@code idle}.
   */
  static Response get(DockerHost host, String path, Duration idle) throws IOException {
    if (path.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
      throw new IllegalArgumentException("unencoded request path");
    }
    SocketChannel channel = host.connect();
    InputStream in = null;
    try {
      String request = "GET " + path + " HTTP/1.1\r\n"
          + "Host: docker\r\n"
          + "User-Agent: bulwark\r\n"
          + "Accept: */*\r\n"
          + "Connection: close\r\n\r\n";
      ByteBuffer bytes = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      in = new BufferedInputStream(new IdleTimeoutInputStream(Channels.newInputStream(channel), channel, idle), 1 << 16);
      HttpResponseHead head = HttpResponseHead.read(in);
      return new Response(head, body(head, in));
    } catch (IOException | RuntimeException e) {
      if (in != null) {
        in.close();
      }
      channel.close();
      throw e;
    }
  }

  /** The body's framing, chosen as RFC 9112 §6.3 says. */
  static InputStream body(HttpResponseHead head, InputStream in) throws IOException {
    int status = head.status();
    if (status == 204 || status == 304 || status < 200) {
      in.close();
      return InputStream.nullInputStream();
    }
    Optional<String> coding = head.header("Transfer-Encoding");
    if (coding.isPresent()) {
      String[] codings = coding.orElseThrow().toLowerCase(Locale.ROOT).split(",");
      if (!codings[codings.length - 1].trim().equals("chunked")) {
        throw new ProtocolException("unsupported transfer coding '" + coding.orElseThrow() + "'");
      }
      return new ChunkedInputStream(in);
    }
    Optional<String> length = head.header("Content-Length");
    if (length.isPresent()) {
      String value = length.orElseThrow().trim();
      if (!value.matches("[0-9]{1,18}")) {
        throw new ProtocolException("malformed Content-Length '" + value + "'");
      }
      return new LengthInputStream(in, Long.parseLong(value));
    }
    return in; // delimited by the end of the connection
  }
}
