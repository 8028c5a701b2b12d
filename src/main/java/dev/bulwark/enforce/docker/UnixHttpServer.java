package dev.bulwark.enforce.docker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 server on a unix socket, enough for the Docker plugin protocol: requests framed
 * by Content-Length (dockerd's plugin client always sends one), keep-alive, a fixed pool of worker
 * threads each serving one connection at a time, and bounds on the head, the body and idle time.
 */
public final class UnixHttpServer implements AutoCloseable {
  static final int MAX_LINE_BYTES = 8192;
  static final int MAX_HEAD_BYTES = 64 * 1024;
  static final int MAX_HEADERS = 100;
  /**
   * AuthZRes carries the Engine's whole JSON response (a long container list); past this the
   * request is refused and dockerd fails the API call rather than pass it unchecked.
   */
  public static final int MAX_BODY_BYTES = 64 << 20;
  /** Go's plugin client keeps idle connections 90 s; a little longer here. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(120);
  /** Once a request has begun, the rest of it must arrive within this. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /**
   * When connections wait for a worker, a kept-alive connection idle this long gives its worker up
   * (dockerd's plugin client retries a call on a closed connection).
   */
  static final Duration IDLE_WHEN_BUSY = Duration.ofMillis(500);
  /** Connections waiting for a worker; beyond it new connections are closed at once. */
  static final int QUEUE = 256;

  /** One request. */
  public record Request(String method, String target, Map<String, String> headers, byte[] body) {}

  /** One answer. */
  public record Response(int status, String contentType, byte[] body) {}

  @FunctionalInterface
  public interface Handler {
    Response handle(Request request);
  }

  private final Path socket;
  private final ServerSocketChannel server;
  private final ThreadPoolExecutor workers;
  private final Thread acceptor;
  private final Thread reaper;
  private final Handler handler;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private UnixHttpServer(Path socket, ServerSocketChannel server, int threads, Handler handler) {
    this.socket = socket;
    this.server = server;
    this.handler = handler;
    this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
        r -> {
          Thread t = new Thread(r, "bulwark-guard-worker");
          t.setDaemon(true);
          return t;
        });
    this.acceptor = new Thread(this::accept, "bulwark-guard-acceptor");
    this.reaper = Thread.ofVirtual().name("bulwark-guard-reaper").unstarted(this::reap);
  }

  /**
   * Listens on {@code socket} (a stale socket file there is replaced; anything else is an error),
   * readable and writable by its owner and group only.
   */
  public static UnixHttpServer start(Path socket, int threads, Handler handler) throws IOException {
    if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      var attributes = Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class,
          java.nio.file.LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isOther()) {
        throw new IOException(socket + " exists and is not a socket");
      }
      Files.delete(socket);
    }
    Files.createDirectories(socket.toAbsolutePath().getParent());
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket), 512);
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    UnixHttpServer s = new UnixHttpServer(socket, server, threads, handler);
    s.acceptor.start();
    s.reaper.start();
    return s;
  }

  public Path socket() {
    return socket;
  }

  private void accept() {
    while (!closed) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue; // a failed accept (too many files) must not stop the server
      }
      Connection connection = new Connection(channel);
      open.add(connection);
      try {
        workers.execute(() -> serve(connection));
      } catch (RejectedExecutionException e) {
        connection.close();
      }
    }
  }

  /** Closes connections idle too long, or too slow to send a request they began. */
  private void reap() {
    while (!closed) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      boolean waiting = !workers.getQueue().isEmpty();
      for (Iterator<Connection> it = open.iterator(); it.hasNext(); ) {
        Connection c = it.next();
        if (now - c.deadline > 0 || (waiting && c.idleSince != 0 && now - c.idleSince > IDLE_WHEN_BUSY.toNanos())) {
          c.close();
        }
      }
    }
  }

  private void serve(Connection connection) {
    try (connection) {
      InputStream in = new BufferedInputStream(Channels.newInputStream(connection.channel), 64 * 1024);
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(connection.channel), 64 * 1024);
      while (!closed) {
        connection.deadline = System.nanoTime() + IDLE_TIMEOUT.toNanos();
        connection.idleSince = in.available() > 0 ? 0 : System.nanoTime();
        int first = in.read();
        connection.idleSince = 0;
        if (first < 0) {
          return;
        }
        connection.deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
        Request request;
        boolean keepAlive;
        try {
          int[] budget = {MAX_HEAD_BYTES};
          String requestLine = (char) first + line(in, budget);
          String[] parts = requestLine.split(" ", -1);
          if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new ProtocolException("malformed request line");
          }
          Map<String, String> headers = headers(in, budget);
          if (headers.containsKey("transfer-encoding")) {
            write(out, new Response(501, "text/plain", "chunked requests are not supported\n".getBytes()), false);
            return;
          }
          String length = headers.getOrDefault("content-length", "0").trim();
          if (!length.matches("[0-9]{1,10}") || Long.parseLong(length) > MAX_BODY_BYTES) {
            write(out, new Response(413, "text/plain", ("body over " + MAX_BODY_BYTES + " bytes\n").getBytes()),
                false);
            return;
          }
          byte[] body = in.readNBytes(Integer.parseInt(length));
          if (body.length != Integer.parseInt(length)) {
            throw new EOFException("the connection closed inside the body");
          }
          String connectionHeader = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
          keepAlive = parts[2].equals("HTTP/1.1") ? !connectionHeader.contains("close")
              : connectionHeader.contains("keep-alive");
          request = new Request(parts[0], parts[1], headers, body);
        } catch (ProtocolException e) {
          write(out, new Response(400, "text/plain", (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8)),
              false);
          return;
        }
        Response response;
        try {
          response = handler.handle(request);
        } catch (RuntimeException e) {
          response = new Response(500, "text/plain", ("internal error: " + e + "\n").getBytes(StandardCharsets.UTF_8));
        }
        write(out, response, keepAlive);
        if (!keepAlive) {
          return;
        }
      }
    } catch (IOException e) {
      // the peer went away or timed out: nothing to answer
    }
  }

  private static void write(OutputStream out, Response response, boolean keepAlive) throws IOException {
    String head = "HTTP/1.1 " + response.status() + " " + reason(response.status()) + "\r\n"
        + "Content-Type: " + response.contentType() + "\r\n"
        + "Content-Length: " + response.body().length + "\r\n"
        + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(response.body());
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Content Too Large";
      case 501 -> "Not Implemented";
      default -> status >= 500 ? "Internal Server Error" : "Status";
    };
  }

  private static Map<String, String> headers(InputStream in, int[] budget) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int count = 0; ; count++) {
      String line = line(in, budget);
      if (line.isEmpty()) {
        return headers;
      }
      if (count >= MAX_HEADERS) {
        throw new ProtocolException("more than " + MAX_HEADERS + " headers");
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        throw new ProtocolException("malformed header line");
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      String previous = headers.putIfAbsent(name, value);
      if (previous != null && name.equals("content-length") && !previous.equals(value)) {
        throw new ProtocolException("conflicting Content-Length headers");
      }
    }
  }

  /** One line without CRLF; {@code budget[0]} bounds the whole head. */
  private static String line(InputStream in, int[] budget) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the connection closed inside the request head");
      }
      if (--budget[0] < 0) {
        throw new ProtocolException("request head longer than " + MAX_HEAD_BYTES + " bytes");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() >= MAX_LINE_BYTES) {
        throw new ProtocolException("request line longer than " + MAX_LINE_BYTES + " bytes");
      }
      line.append((char) b);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing; nothing else to do
    }
    acceptor.interrupt();
    reaper.interrupt();
    open.forEach(Connection::close);
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException ignored) {
      // a stale socket file is replaced on the next start
    }
  }

  private final class Connection implements AutoCloseable {
    final SocketChannel channel;
    volatile long deadline = System.nanoTime() + IDLE_TIMEOUT.toNanos();
    /** When the connection began waiting for its next request; 0 while a request is being served. */
    volatile long idleSince;

    Connection(SocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public void close() {
      open.remove(this);
      try {
        channel.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }
}
