package dev.bulwark.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.image.Digest;
import dev.bulwark.image.DigestMismatchException;
import dev.bulwark.image.MediaTypes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's protocol handling against an in-process fake registry (plain HTTP, as an insecure registry). */
class RegistryClientTest {
  private static final String REPO = "team/app";
  private static final byte[] MANIFEST =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private HttpServer registry;
  private HttpServer storage;
  private final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final List<String> storageAuthorization = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws IOException {
    registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    storage = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    registry.start();
    storage.start();
  }

  @AfterEach
  void stop() {
    registry.stop(0);
    storage.stop(0);
  }

  private String host() {
    return "127.0.0.1:" + registry.getAddress().getPort();
  }

  private RegistryClient client(String configJson) throws IOException {
    Path config = dir.resolve("config.json");
    Files.writeString(config, configJson);
    return new RegistryClient(host(), host(), REPO, true, sslDefault(),
        new DockerCredentials(Optional.of(config), true, Map.of()),
        new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(10)), slept::add);
  }

  private static SSLContext sslDefault() {
    try {
      return SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static final String CONFIG_WITH_CREDENTIALS_FOR = "{\"auths\":{\"%s\":{\"auth\":\"%s\"}}}";

  private String credentialsConfig(String user, String password) {
    return CONFIG_WITH_CREDENTIALS_FOR.formatted(host(),
        Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange exchange, int hit) throws IOException;
  }

  private void on(HttpServer server, String path, Handler handler) {
    server.createContext(path, exchange -> {
      int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        handler.handle(exchange, hit);
      }
    });
  }

  private static void send(HttpExchange exchange, int status, byte[] body, String... headers) throws IOException {
    for (int i = 0; i < headers.length; i += 2) {
      exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private ManifestPull.Pulled pullManifest(RegistryClient client, String reference) {
    Optional<Digest> expected = Digest.isDigest(reference) ? Optional.of(Digest.parse(reference)) : Optional.empty();
    return client.call(new ManifestPull(REPO, reference, expected, client.where()));
  }

  private int hitsOf(String path) {
    return hits.getOrDefault(path, new AtomicInteger()).get();
  }

  @Nested
  class Authentication {
    @Test
    void exchangesBasicCredentialsForABearerTokenOnceAndReusesIt() throws IOException {
      String token = "tok-123";
      String realm = "http://" + host() + "/token";
      on(registry, "/token", (exchange, hit) -> {
        String query = exchange.getRequestURI().getRawQuery();
        boolean ok = basic("alice", "pw").equals(exchange.getRequestHeaders().getFirst("Authorization"))
            && query.contains("service=fake") && query.contains("scope=repository%3Ateam%2Fapp%3Apull");
        send(exchange, ok ? 200 : 401, ok ? ("{\"access_token\":\"" + token + "\"}").getBytes() : new byte[0]);
      });
      on(registry, "/v2/", (exchange, hit) -> {
        if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          send(exchange, 401, new byte[0], "WWW-Authenticate",
              "Bearer realm=\"" + realm + "\",service=\"fake\",scope=\"repository:team/app:pull\"");
          return;
        }
        send(exchange, 200, MANIFEST, "Content-Type", MediaTypes.OCI_MANIFEST);
      });
      try (RegistryClient client = client(credentialsConfig("alice", "pw"))) {
        assertThat(pullManifest(client, "1").bytes()).isEqualTo(MANIFEST);
        assertThat(pullManifest(client, "2").mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
      }
      assertThat(hitsOf("/token")).isEqualTo(1);
      assertThat(hitsOf("/v2/")).isEqualTo(3); // anonymous, with the token, then with it straight away
    }

    @Test
    void anIdentityTokenIsExchangedWithTheRefreshTokenGrant() throws IOException {
      List<String> forms = Collections.synchronizedList(new ArrayList<>());
      registry.createContext("/token", exchange -> {
        try (exchange) {
          forms.add(exchange.getRequestMethod() + " " + new String(exchange.getRequestBody().readAllBytes()));
          send(exchange, 200, "{\"token\":\"from-refresh\"}".getBytes());
        }
      });
      on(registry, "/v2/", (exchange, hit) -> {
        if (!"Bearer from-refresh".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          send(exchange, 401, new byte[0], "WWW-Authenticate", "Bearer realm=\"http://" + host() + "/token\"");
          return;
        }
        send(exchange, 200, MANIFEST);
      });
      try (RegistryClient client = client(
          "{\"auths\":{\"" + host() + "\":{\"identitytoken\":\"my-refresh-token\"}}}")) {
        assertThat(pullManifest(client, "1").bytes()).isEqualTo(MANIFEST);
      }
      assertThat(forms).singleElement().satisfies(form -> assertThat(form)
          .startsWith("POST ")
          .contains("grant_type=refresh_token", "refresh_token=my-refresh-token",
              "scope=repository%3Ateam%2Fapp%3Apull"));
    }

    @Test
    void aSecond401IsAnAuthenticationFailure() throws IOException {
      on(registry, "/v2/", (exchange, hit) -> send(exchange, 401,
          "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}".getBytes(),
          "WWW-Authenticate", "Basic realm=\"fake\""));
      try (RegistryClient client = client(credentialsConfig("alice", "wrong"))) {
        assertThatThrownBy(() -> pullManifest(client, "1"))
            .isInstanceOf(InputException.class)
            .hasMessageContaining("registry " + host() + ", repository team/app")
            .hasMessageContaining("authentication failed")
            .hasMessageContaining("UNAUTHORIZED authentication required")
            .hasMessageContaining("user 'alice'")
            .hasMessageNotContaining("wrong");
      }
      assertThat(hitsOf("/v2/")).isEqualTo(2);
    }

    @Test
    void credentialsDoNotFollowARedirectToAnotherHost() throws IOException {
      byte[] blob = "blob bytes".getBytes();
      on(storage, "/blob", (exchange, hit) -> {
        storageAuthorization.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        send(exchange, 200, blob);
      });
      on(registry, "/v2/", (exchange, hit) -> {
        if (!basic("alice", "pw").equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          send(exchange, 401, new byte[0], "WWW-Authenticate", "Basic realm=\"fake\"");
          return;
        }
        send(exchange, 307, new byte[0], "Location",
            "http://localhost:" + storage.getAddress().getPort() + "/blob?signature=x");
      });
      Digest digest = Digest.sha256(blob);
      try (RegistryClient client = client(credentialsConfig("alice", "pw"))) {
        byte[] read = client.call(new BlobPull<>(REPO, digest, "blob", body -> body.readAllBytes()));
        assertThat(read).isEqualTo(blob);
      }
      assertThat(storageAuthorization).containsExactly("null");
    }
  }

  @Nested
  class Retries {
    @Test
    void retriesUnavailableWithBackOff() throws IOException {
      on(registry, "/v2/", (exchange, hit) -> send(exchange, hit < 3 ? 503 : 200, hit < 3 ? new byte[0] : MANIFEST));
      try (RegistryClient client = client("{}")) {
        assertThat(pullManifest(client, "1").bytes()).isEqualTo(MANIFEST);
      }
      assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void waitsAsLongAsRetryAfterSays() throws IOException {
      on(registry, "/v2/", (exchange, hit) ->
          send(exchange, hit == 1 ? 429 : 200, hit == 1 ? new byte[0] : MANIFEST, "Retry-After", "3"));
      try (RegistryClient client = client("{}")) {
        pullManifest(client, "1");
      }
      assertThat(slept).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void givesUpAfterTheLastAttemptSayingWhy() throws IOException {
      on(registry, "/v2/", (exchange, hit) -> send(exchange, 502, new byte[0]));
      try (RegistryClient client = client("{}")) {
        assertThatThrownBy(() -> pullManifest(client, "1"))
            .isInstanceOf(InputException.class)
            .hasMessageContaining("manifest '1'")
            .hasMessageContaining("HTTP 502")
            .hasMessageContaining("after 3 attempts");
      }
      assertThat(hitsOf("/v2/")).isEqualTo(3);
    }

    @Test
    void aFailureAfterBytesReachedTheReaderIsNotRetried() throws IOException {
      on(registry, "/v2/", (exchange, hit) -> {
        exchange.sendResponseHeaders(200, 1000);
        exchange.getResponseBody().write(new byte[10]);
        exchange.getResponseBody().flush();
        throw new IOException("drop the connection mid-body");
      });
      try (RegistryClient client = client("{}")) {
        assertThatThrownBy(() -> client.call(new BlobPull<>(REPO, Digest.sha256(new byte[0]), "blob x",
            body -> body.readAllBytes())))
            .isInstanceOf(InputException.class)
            .hasMessageContaining("blob x");
      }
      assertThat(hitsOf("/v2/")).isEqualTo(1);
      assertThat(slept).isEmpty();
    }
  }

  @Nested
  class Manifests {
    @Test
    void anUnknownManifestSaysSo() throws IOException {
      on(registry, "/v2/", (exchange, hit) -> send(exchange, 404,
          "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes()));
      try (RegistryClient client = client("{}")) {
        assertThatThrownBy(() -> pullManifest(client, "v9"))
            .isInstanceOf(InputException.class)
            .hasMessageContaining("registry " + host() + ", repository team/app: manifest unknown: no image 'v9'")
            .hasMessageContaining("MANIFEST_UNKNOWN");
      }
      assertThat(slept).isEmpty();
    }

    @Test
    void aDigestReferenceMustMatchTheBody() throws IOException {
      on(registry, "/v2/", (exchange, hit) -> send(exchange, 200, MANIFEST));
      String other = Digest.sha256("something else".getBytes()).toString();
      try (RegistryClient client = client("{}")) {
        assertThatThrownBy(() -> pullManifest(client, other))
            .isInstanceOf(DigestMismatchException.class)
            .hasMessageContaining("manifest '" + other + "'");
        assertThat(pullManifest(client, Digest.sha256(MANIFEST).toString()).digest())
            .isEqualTo(Digest.sha256(MANIFEST));
      }
    }

    @Test
    void aTagsDigestIsTheBodysHashAndTheHeaderMustAgree() throws IOException {
      on(registry, "/v2/team/app/manifests/good", (exchange, hit) ->
          send(exchange, 200, MANIFEST, "Docker-Content-Digest", Digest.sha256(MANIFEST).toString()));
      on(registry, "/v2/team/app/manifests/bad", (exchange, hit) ->
          send(exchange, 200, MANIFEST, "Docker-Content-Digest", Digest.sha256(new byte[1]).toString()));
      try (RegistryClient client = client("{}")) {
        assertThat(pullManifest(client, "good").digest()).isEqualTo(Digest.sha256(MANIFEST));
        assertThatThrownBy(() -> pullManifest(client, "bad"))
            .isInstanceOf(DigestMismatchException.class)
            .hasMessageContaining("Docker-Content-Digest");
      }
    }

    @Test
    void anOversizedManifestIsRefused() throws IOException {
      on(registry, "/v2/", (exchange, hit) -> {
        try {
          send(exchange, 200, new byte[dev.bulwark.image.ImageDocuments.MAX_MANIFEST_BYTES + 1]);
        } catch (IOException ignored) {
          // the client hangs up once it has read the length
        }
      });
      try (RegistryClient client = client("{}")) {
        assertThatThrownBy(() -> pullManifest(client, "big")).isInstanceOf(LimitExceededException.class);
      }
    }
  }
}
