package dev.bulwark.image.docker;

import dev.bulwark.UsageException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the Docker Engine listens, from {@code DOCKER_HOST}: {@code unix:///path} (the default
 * being {@code /var/run/docker.sock}) or plain {@code tcp://host:port}. TLS to the engine
 * ({@code DOCKER_TLS_VERIFY}), {@code ssh://} and {@code npipe://} are refused with a message.
 */
public sealed interface DockerHost {
  Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

  /** Opens a blocking connection. */
  SocketChannel connect() throws IOException;

  /** How the user would write it, for messages. */
  String display();

  record Unix(Path socket) implements DockerHost {
    @Override
    public SocketChannel connect() throws IOException {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }

    @Override
    public String display() {
      return "unix://" + socket;
    }
  }

  record Tcp(String host, int port) implements DockerHost {
    @Override
    public SocketChannel connect() throws IOException {
      SocketChannel channel = SocketChannel.open();
      try {
        channel.socket().connect(new InetSocketAddress(host, port), 30_000);
        return channel;
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }

    @Override
    public String display() {
      return "tcp://" + host + ":" + port;
    }
  }

  /** The engine the environment names. */
  static DockerHost fromEnvironment(Map<String, String> environment) {
    String value = environment.getOrDefault("DOCKER_HOST", "").trim();
    if (value.isEmpty()) {
      return new Unix(DEFAULT_SOCKET);
    }
    if (value.startsWith("unix://")) {
      String path = value.substring("unix://".length());
      if (path.isEmpty() || !path.startsWith("/")) {
        throw new UsageException("DOCKER_HOST '" + value + "': expected unix:///absolute/path");
      }
      return new Unix(Path.of(path));
    }
    if (value.startsWith("tcp://")) {
      String tls = environment.getOrDefault("DOCKER_TLS_VERIFY", "");
      if (!tls.isEmpty() && !tls.equals("0")) {
        throw new UsageException("DOCKER_HOST '" + value + "' with DOCKER_TLS_VERIFY: TLS connections to the "
            + "Docker Engine are not supported; use its unix socket, or export the image (docker save) and "
            + "scan docker-archive:FILE");
      }
      String authority = value.substring("tcp://".length());
      int slash = authority.indexOf('/');
      if (slash >= 0) {
        authority = authority.substring(0, slash);
      }
      int colon = authority.lastIndexOf(':');
      String host = colon > 0 ? authority.substring(0, colon) : authority;
      String port = colon > 0 ? authority.substring(colon + 1) : "2375";
      if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
        throw new UsageException("DOCKER_HOST '" + value + "': expected tcp://host:port");
      }
      return new Tcp(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host,
          Integer.parseInt(port));
    }
    throw new UsageException("DOCKER_HOST '" + value + "': only unix:// and tcp:// engines are supported");
  }
}
