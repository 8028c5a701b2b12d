package dev.bulwark.enforce.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A raw HTTP/1.1 client for tests and the load generator: sends exactly the bytes given (so a test
 * can lie in its headers), reads one response framed by Content-Length or chunked coding.
 */
public final class RawHttp implements AutoCloseable {
  private final SocketChannel channel;
  private final InputStream in;
  private final OutputStream out;

  public record Response(int status, String body) {}

  public RawHttp(Path socket) throws IOException {
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    in = new java.io.BufferedInputStream(Channels.newInputStream(channel), 65536);
    out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 65536);
  }

  public RawHttp(InputStream in, OutputStream out) {
    this.channel = null;
    this.in = in;
    this.out = out;
  }

  /** A request with Content-Length set right, over a kept-alive connection. */
  public Response post(String path, byte[] body) throws IOException {
    String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n";
    return send(head.getBytes(StandardCharsets.US_ASCII), body);
  }

  /** Sends and reads the answer, even when the server answers and stops reading before the body's end. */
  public Response send(byte[] head, byte[] body) throws IOException {
    try {
      out.write(head);
      out.write(body);
      out.flush();
    } catch (IOException e) {
      try {
        return read();
      } catch (IOException nothing) {
        e.addSuppressed(nothing);
        throw e;
      }
    }
    return read();
  }

  private Response read() throws IOException {
    String status = line();
    String[] parts = status.split(" ", 3);
    int code = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    for (String line = line(); !line.isEmpty(); line = line()) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      while (true) {
        int size = Integer.parseInt(line().split(";")[0].trim(), 16);
        if (size == 0) {
          line();
          break;
        }
        body.write(in.readNBytes(size));
        line();
      }
    } else if (length >= 0) {
      body.write(in.readNBytes((int) length));
    }
    return new Response(code, body.toString(StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    StringBuilder s = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new java.io.EOFException("connection closed");
      }
      if (b != '\r') {
        s.append((char) b);
      }
    }
    return s.toString();
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    } else {
      in.close();
      out.close();
    }
  }
}
