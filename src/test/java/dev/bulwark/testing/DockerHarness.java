package dev.bulwark.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A private Docker Engine for system tests: {@code dockerd} with its data root, exec root, socket
 * and pid file in one directory, no iptables and no bridge, so it touches nothing outside that
 * directory but the trust key dockerd 20.10 keeps in /etc/docker. Stopped by the process it
 * started (TERM, a grace period, then KILL); its log is kept for failure messages.
 */
public final class DockerHarness implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(3);

  private final Path dir;
  private final Process process;
  private final Duration startupTime;

  private DockerHarness(Path dir, Process process, Duration startupTime) {
    this.dir = dir;
    this.process = process;
    this.startupTime = startupTime;
  }

  /** Starts dockerd in {@code dir}; skips the test when dockerd is missing or not root. */
  public static DockerHarness start(Path dir) throws IOException {
    return start(dir, java.util.List.of());
  }

  /**
   * Starts dockerd in {@code dir} with more command-line arguments ({@code --authorization-plugin=NAME});
   * skips the test when dockerd is missing or not root.
   */
  public static DockerHarness start(Path dir, java.util.List<String> extraArguments) throws IOException {
    Tools.assumeTools("dockerd", "docker");
    Tools.assumeRoot();
    long begin = System.nanoTime();
    Files.createDirectories(dir);
    Path socket = dir.resolve("docker.sock");
    if (socket.toString().length() > 100) {
      throw new AssertionError("socket path too long for a unix socket: " + socket);
    }
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("dockerd",
        "--data-root", dir.resolve("data").toString(),
        "--exec-root", dir.resolve("exec").toString(),
        "--host", "unix://" + socket,
        "--pidfile", dir.resolve("dockerd.pid").toString(),
        "--iptables=false", "--ip6tables=false", "--bridge=none", "--ip-masq=false"));
    command.addAll(extraArguments);
    Process process = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("dockerd.log").toFile())
        .start();
    DockerHarness harness = new DockerHarness(dir, process, Duration.ZERO);
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (!ping(socket)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String log = harness.log();
        harness.close();
        throw new AssertionError("dockerd did not answer /_ping within " + STARTUP.toSeconds() + " s; log:\n" + log);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        harness.close();
        throw new AssertionError("interrupted", e);
      }
    }
    return new DockerHarness(dir, process, Duration.ofNanos(System.nanoTime() - begin));
  }

  private static boolean ping(Path socket) {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buffer = ByteBuffer.allocate(512);
      channel.read(buffer);
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
    } catch (IOException e) {
      return false;
    }
  }

  /** The engine's API socket. */
  public Path socket() {
    return dir.resolve("docker.sock");
  }

  /** {@code DOCKER_HOST} for this engine. */
  public String dockerHost() {
    return "unix://" + dir.resolve("docker.sock");
  }

  /** An environment naming this engine, for {@code SourceOptions}. */
  public Map<String, String> environment() {
    return Map.of("DOCKER_HOST", dockerHost());
  }

  public Duration startupTime() {
    return startupTime;
  }

  /** Runs the docker CLI against this engine. */
  public String docker(String... arguments) {
    String[] command = new String[arguments.length + 3];
    command[0] = "docker";
    command[1] = "-H";
    command[2] = dockerHost();
    System.arraycopy(arguments, 0, command, 3, arguments.length);
    try {
      return Tools.run(TOOL_TIMEOUT, dir, command);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\ndockerd log:\n" + log(), e);
    }
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("dockerd.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops dockerd (which stops the containerd it started) and removes its directory. */
  @Override
  public void close() {
    Tools.stop(process, STOP_GRACE);
    if (!process.isAlive()) {
      Tools.deleteTree(dir);
    }
  }
}
