package dev.bulwark.testing;

import dev.bulwark.image.Digest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A real registry for system tests: Debian's {@code docker-registry} (distribution 2.8) on
 * 127.0.0.1 at a free port, its storage in a private directory, and either TLS with a CA made for
 * the run plus htpasswd basic auth, or plain HTTP without auth. Images are pushed with skopeo.
 *
 * <p>The registry only accepts bcrypt in htpasswd files. The hash is made with Perl's
 * {@code crypt()}, which on Debian is libxcrypt's and knows bcrypt ({@code $2b$}); Perl is part of
 * every Debian system, so no apache2-utils is needed. Certificates are made with the openssl CLI
 * (P-256 keys, SANs IP:127.0.0.1 and DNS:localhost).
 */
public final class RegistryHarness implements AutoCloseable {
  public static final String USER = "bulwark";
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);

  private final Path dir;
  private final boolean tls;
  private final String password;
  private final Process process;
  private final int port;
  private final Duration startupTime;

  private RegistryHarness(Path dir, boolean tls, String password, Process process, int port, Duration startupTime) {
    this.dir = dir;
    this.tls = tls;
    this.password = password;
    this.process = process;
    this.port = port;
    this.startupTime = startupTime;
  }

  /** A registry with TLS (a CA made for this run) and basic auth for {@link #USER}. */
  public static RegistryHarness startTls(Path dir) throws IOException {
    Tools.assumeTools("docker-registry", "openssl", "perl", "skopeo");
    return start(dir, true);
  }

  /** A plain-HTTP registry without auth, as for {@code --insecure-registry}. */
  public static RegistryHarness startPlain(Path dir) throws IOException {
    Tools.assumeTools("docker-registry", "skopeo");
    return start(dir, false);
  }

  private static RegistryHarness start(Path dir, boolean tls) throws IOException {
    long begin = System.nanoTime();
    Files.createDirectories(dir.resolve("storage"));
    String password = tls ? randomHex(12) : "";
    StringBuilder config = new StringBuilder();
    config.append("version: 0.1\nlog:\n  level: info\n  accesslog:\n    disabled: true\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("storage")).append('\n')
        .append("  delete:\n    enabled: true\n");
    if (tls) {
      makeCertificates(dir);
      String hash = Tools.run(TOOL_TIMEOUT, dir, "perl", "-e",
          "print crypt($ARGV[0], '$2b$05$' . $ARGV[1])", password, bcryptSalt()).strip();
      if (!hash.startsWith("$2b$05$") || hash.length() != 60) {
        throw new AssertionError("perl's crypt() made no bcrypt hash: " + hash);
      }
      Files.writeString(dir.resolve("htpasswd"), USER + ":" + hash + "\n");
      config.append("auth:\n  htpasswd:\n    realm: bulwark-test\n    path: ").append(dir.resolve("htpasswd"))
          .append('\n');
    }
    Process process = null;
    int port = 0;
    for (int tries = 0; tries < 3 && process == null; tries++) {
      port = freePort();
      String http = "http:\n  addr: 127.0.0.1:" + port + "\n  secret: " + randomHex(16) + "\n"
          + (tls ? "  tls:\n    certificate: " + dir.resolve("server.crt") + "\n    key: " + dir.resolve("server.key")
          + "\n" : "");
      Files.writeString(dir.resolve("config.yml"), config + http);
      Process started = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("registry.log").toFile())
          .start();
      if (waitForPort(started, port)) {
        process = started;
      } else {
        Tools.stop(started, Duration.ofSeconds(5)); // most likely the port was taken meanwhile
      }
    }
    if (process == null) {
      throw new AssertionError("docker-registry did not start; log:\n" + log(dir));
    }
    return new RegistryHarness(dir, tls, password, process, port, Duration.ofNanos(System.nanoTime() - begin));
  }

  private static void makeCertificates(Path dir) throws IOException {
    Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        + "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n");
    Tools.run(TOOL_TIMEOUT, dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=Bulwark test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    Tools.run(TOOL_TIMEOUT, dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
    Tools.run(TOOL_TIMEOUT, dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
    Path certDir = Files.createDirectories(dir.resolve("certs"));
    Files.copy(dir.resolve("ca.crt"), certDir.resolve("ca.crt"));
  }

  private static boolean waitForPort(Process process, int port) {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException e) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  private static String bcryptSalt() {
    String alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder salt = new StringBuilder();
    for (int i = 0; i < 22; i++) {
      salt.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return salt.toString();
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** {@code 127.0.0.1:PORT}, as an image reference names the registry. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public String password() {
    return password;
  }

  /** The CA certificate that signed the server's (TLS registries only). */
  public Path caCertificate() {
    return dir.resolve("ca.crt");
  }

  public Duration startupTime() {
    return startupTime;
  }

  /** Where the registry keeps a blob's bytes. */
  public Path blobData(Digest digest) {
    return dir.resolve("storage/docker/registry/v2/blobs/" + digest.algorithm() + "/" + digest.hex().substring(0, 2)
        + "/" + digest.hex() + "/data");
  }

  /**
   * Pushes {@code source} (a containers-transport name, e.g. {@code oci:/layout:tag}) to
   * {@code repository:tag}; {@code all} copies every image of an index.
   */
  public void push(String source, String repositoryAndTag, boolean all) {
    List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet"));
    if (all) {
      command.add("--all");
    }
    if (tls) {
      command.addAll(List.of("--dest-cert-dir", dir.resolve("certs").toString(), "--dest-creds", USER + ":" + password));
    } else {
      command.add("--dest-tls-verify=false");
    }
    command.add(source);
    command.add("docker://" + host() + "/" + repositoryAndTag);
    Tools.run(TOOL_TIMEOUT, dir, command);
  }

  /** The registry's output so far, for failure messages. */
  public String log() {
    return log(dir);
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    Tools.stop(process, Duration.ofSeconds(10));
  }
}
