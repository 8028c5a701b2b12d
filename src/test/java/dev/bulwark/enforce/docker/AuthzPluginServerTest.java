package dev.bulwark.enforce.docker;

import dev.bulwark.enforce.policy.RuleDecider;
import dev.bulwark.enforce.Guard;
import dev.bulwark.enforce.AuditSink;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plugin protocol over its unix socket, as dockerd's plugin client speaks it. */
class AuthzPluginServerTest {
  private Path dir;
  private UnixHttpServer server;

  @BeforeEach
  void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "bulwark-plugin");
    AuthzPlugin plugin = new AuthzPlugin(new AuthzTranslator(new InspectContainerMapper(), Clock.systemUTC()),
        new Guard(RuleDecider.defaults(Set.of()), AuditSink.NONE));
    server = UnixHttpServer.start(dir.resolve("p.sock"), 2, plugin);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    dev.bulwark.testing.Tools.deleteTree(dir);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void activatesAsAnAuthorizationPlugin() throws IOException {
    try (RawHttp http = new RawHttp(server.socket())) {
      RawHttp.Response response = http.post("/Plugin.Activate", new byte[0]);
      assertThat(response.status()).isEqualTo(200);
      assertThat(Json.mapper().readTree(response.body()).path("Implements").get(0).asText()).isEqualTo("authz");
    }
  }

  @Test
  void decidesManyRequestsOnOneKeptAliveConnection() throws IOException {
    try (RawHttp http = new RawHttp(server.socket())) {
      for (int i = 0; i < 20; i++) {
        byte[] call = AuthzTranslatorTest.create(i % 2 == 0 ? AuthzTranslatorTest.HARDENED
            : "{\"Image\":\"x\",\"HostConfig\":{\"Privileged\":true}}");
        RawHttp.Response response = http.post("/AuthZPlugin.AuthZReq", call);
        assertThat(response.status()).isEqualTo(200);
        assertThat(Json.mapper().readTree(response.body()).path("Allow").asBoolean()).isEqualTo(i % 2 == 0);
      }
      RawHttp.Response response = http.post("/AuthZPlugin.AuthZRes",
          AuthzTranslatorTest.call("", "GET", "/_ping", null, Map.of()));
      assertThat(response.body()).isEqualTo("{\"Allow\":true}");
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void anIdleKeptAliveConnectionGivesItsWorkerUpWhenOthersWait() throws Exception {
    UnixHttpServer one = UnixHttpServer.start(dir.resolve("one.sock"), 1, request ->
        new UnixHttpServer.Response(200, "text/plain", bytes("ok")));
    try (one; RawHttp idle = new RawHttp(one.socket()); RawHttp waiting = new RawHttp(one.socket())) {
      assertThat(idle.post("/Plugin.Activate", new byte[0]).status()).isEqualTo(200);
      assertThat(waiting.post("/Plugin.Activate", new byte[0]).status()).isEqualTo(200);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> idle.post("/Plugin.Activate", new byte[0]))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void answersUnknownCallsWith404() throws IOException {
    try (RawHttp http = new RawHttp(server.socket())) {
      assertThat(http.post("/VolumeDriver.Create", bytes("{}")).status()).isEqualTo(404);
    }
  }

  @Test
  void refusesMalformedFraming() throws IOException {
    try (RawHttp http = new RawHttp(server.socket())) {
      assertThat(http.send(bytes("POST /AuthZPlugin.AuthZReq HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
          bytes("0\r\n\r\n")).status()).isEqualTo(501);
    }
    try (RawHttp http = new RawHttp(server.socket())) {
      assertThat(http.send(bytes("POST /AuthZPlugin.AuthZReq HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
          bytes("{}")).status()).isEqualTo(400);
    }
    try (RawHttp http = new RawHttp(server.socket())) {
      assertThat(http.send(bytes("POST /AuthZPlugin.AuthZReq HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n"),
          new byte[0]).status()).isEqualTo(413);
    }
    try (RawHttp http = new RawHttp(server.socket())) {
      assertThat(http.send(bytes("GARBAGE\r\n\r\n"), new byte[0]).status()).isEqualTo(400);
    }
    try (RawHttp http = new RawHttp(server.socket())) {
      String huge = "X-Pad: " + "a".repeat(UnixHttpServer.MAX_LINE_BYTES + 1) + "\r\n";
      assertThat(http.send(bytes("POST / HTTP/1.1\r\n" + huge + "\r\n"), new byte[0]).status()).isEqualTo(400);
    }
  }

  @Test
  void writesTheSpecFileDockerdReads() throws IOException {
    try (PluginSpec spec = PluginSpec.write(dir.resolve("plugins"), "bulwark", server.socket())) {
      assertThat(spec.file()).hasFileName("bulwark.spec");
      assertThat(Files.readString(spec.file())).isEqualTo("unix://" + server.socket().toAbsolutePath() + "\n");
    }
    assertThat(dir.resolve("plugins/bulwark.spec")).doesNotExist();
    assertThat(PluginSpec.validName("../x")).isFalse();
  }

  @Test
  void replacesAStaleSocketButNotAFile() throws IOException {
    Path stale = dir.resolve("stale.sock");
    try (var channel = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      channel.bind(java.net.UnixDomainSocketAddress.of(stale)); // closing leaves the socket file behind
    }
    assertThat(stale).exists();
    UnixHttpServer again = UnixHttpServer.start(stale, 1, r -> null);
    again.close();
    Files.writeString(dir.resolve("file.sock"), "x");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> UnixHttpServer.start(dir.resolve("file.sock"), 1, r -> null))
        .isInstanceOf(IOException.class).hasMessageContaining("not a socket");
  }
}
