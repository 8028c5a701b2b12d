package dev.bulwark.image.docker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * An engine on a unix socket that answers each GET with the bytes a route gives (none, for a
 * route that gives null: it hangs), and logs the paths asked.
 */
final class FakeEngine implements AutoCloseable {
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final ServerSocketChannel server;
  private final Thread thread;

  FakeEngine(Path socket, Function<String, byte[]> routes) throws IOException {
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    thread = Thread.ofPlatform().daemon().start(() -> {
      while (server.isOpen()) {
        try (SocketChannel channel = server.accept()) {
          String path = readRequestPath(channel);
          requests.add(path);
          byte[] answer = routes.apply(path);
          if (answer == null) { // an engine that hangs
            Thread.sleep(3000);
            continue;
          }
          ByteBuffer response = ByteBuffer.wrap(answer);
          while (response.hasRemaining()) {
            channel.write(response);
          }
        } catch (IOException e) {
          // a client that hung up early, or the server closing
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  private static String readRequestPath(SocketChannel channel) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(1);
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      buffer.clear();
      if (channel.read(buffer) < 0) {
        throw new IOException("request cut short");
      }
      head.write(buffer.array(), 0, 1);
    }
    return head.toString(StandardCharsets.US_ASCII).split(" ")[1];
  }

  static byte[] response(int status, byte[] body, boolean chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head = "HTTP/1.1 " + status + " X\r\nApi-Version: 1.43\r\nContent-Type: application/json\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    if (!chunked) {
      out.writeBytes(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(body);
      return out.toByteArray();
    }
    out.writeBytes("Transfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    int size = 1;
    for (int offset = 0; offset < body.length; offset += size, size = size * 3 + 7) { // uneven chunks
      int length = Math.min(size, body.length - offset);
      out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, offset, length);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  @Override
  public void close() throws IOException {
    server.close();
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
