package dev.bulwark.enforce.kubernetes;

import dev.bulwark.enforce.policy.RuleDecider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.InputException;
import dev.bulwark.enforce.AuditSink;
import dev.bulwark.enforce.Guard;
import dev.bulwark.io.Json;
import dev.bulwark.testing.Tools;
import dev.bulwark.testing.Tls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The webhook over real HTTPS on loopback, with certificates and keys as openssl writes them. */
class WebhookServerTest {
  static Path tls(String name) {
    try {
      return Path.of(WebhookServerTest.class.getResource("/enforce/kubernetes/tls/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  static HttpClient client(Path ca) throws Exception {
    return HttpClient.newBuilder().sslContext(Tls.trusting(ca)).connectTimeout(Duration.ofSeconds(10)).build();
  }


  static WebhookServer start(Path cert, Path key) throws IOException {
    AdmissionReviews reviews = new AdmissionReviews(new KubernetesPodMapper(),
        new Guard(RuleDecider.defaults(Set.of()), AuditSink.NONE), Clock.systemUTC());
    return WebhookServer.start(new InetSocketAddress("127.0.0.1", 0), "/validate",
        PemKeys.serverContext(cert, key), 2, reviews);
  }

  static HttpResponse<String> post(HttpClient client, WebhookServer server, String path, byte[] body)
      throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.address().getPort() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static byte[] privilegedPod() throws IOException {
    return AdmissionReviewsTest.review(Json.mapper().readTree("{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
        + "\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\","
        + "\"securityContext\":{\"privileged\":true}}]}}"), "uid-https", false);
  }

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({"server-rsa.pem, server-rsa.key", "server-rsa.pem, server-rsa-pkcs1.key",
      "server-ec.pem, server-ec.key", "server-ec.pem, server-ec-sec1.key"})
  void answersAdmissionReviewsOverHttps(String cert, String key) throws Exception {
    try (WebhookServer server = start(tls(cert), tls(key))) {
      HttpResponse<String> response = post(client(tls("ca.pem")), server, "/validate", privilegedPod());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode answer = Json.mapper().readTree(response.body());
      assertThat(answer.path("response").path("uid").asText()).isEqualTo("uid-https");
      assertThat(answer.path("response").path("allowed").asBoolean()).isFalse();
      assertThat(answer.path("response").path("status").path("code").asInt()).isEqualTo(403);
    }
  }

  @Test
  void refusesOtherPathsAndBadReviews() throws Exception {
    try (WebhookServer server = start(tls("server-ec.pem"), tls("server-ec.key"))) {
      HttpClient client = client(tls("ca.pem"));
      assertThat(post(client, server, "/other", privilegedPod()).statusCode()).isEqualTo(404);
      assertThat(post(client, server, "/validate", "{}".getBytes()).statusCode()).isEqualTo(400);
    }
  }

  @Nested
  class Keys {
    @Test
    void aKeyThatIsNoKeyIsAnInputError() {
      assertThatThrownBy(() -> PemKeys.privateKey(tls("ca.pem"))).isInstanceOf(InputException.class)
          .hasMessageContaining("no PEM private key");
      assertThatThrownBy(() -> PemKeys.certificates(tls("server-ec.key"))).isInstanceOf(InputException.class)
          .hasMessageContaining("no PEM CERTIFICATE");
    }

    @Test
    void anEncryptedKeyIsRefusedWithAHint(@TempDir Path dir) throws IOException {
      Path key = dir.resolve("k.pem");
      Files.writeString(key, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
      assertThatThrownBy(() -> PemKeys.privateKey(key)).hasMessageContaining("encrypted");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedAtStart() throws Exception {
      // The JDK would take the pair and fail every handshake later.
      assertThatThrownBy(() -> PemKeys.serverContext(tls("server-rsa.pem"), tls("server-ec.key")))
          .isInstanceOf(InputException.class).hasMessageContaining("does not belong");
      assertThatThrownBy(() -> PemKeys.serverContext(tls("ca.pem"), tls("server-rsa.key")))
          .isInstanceOf(InputException.class).hasMessageContaining("does not belong");
    }
  }

  /** The same with a CA and server certificate made now by the openssl CLI. */
  @Tag("system")
  @Test
  void freshOpensslCertificates(@TempDir Path dir) throws Exception {
    Tools.assumeTools("openssl");
    Duration t = Duration.ofMinutes(1);
    Tools.run(t, dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
        "-days", "2", "-subj", "/CN=fresh CA", "-addext", "basicConstraints=critical,CA:TRUE");
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:bulwark-guard.bulwark.svc,DNS:localhost\n"
        + "extendedKeyUsage=serverAuth\n");
    Tools.run(t, dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "server.key");
    Tools.run(t, dir, "openssl", "req", "-new", "-key", "server.key", "-subj", "/CN=bulwark-guard.bulwark.svc",
        "-out", "server.csr");
    Tools.run(t, dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.pem");
    try (WebhookServer server = start(dir.resolve("server.pem"), dir.resolve("server.key"))) {
      HttpResponse<String> response = post(client(dir.resolve("ca.pem")), server, "/validate", privilegedPod());
      assertThat(Json.mapper().readTree(response.body()).path("response").path("uid").asText()).isEqualTo("uid-https");
    }
  }

  @Nested
  class Config {
    @Test
    void printsAValidatingWebhookConfiguration() throws IOException {
      String yaml = WebhookConfig.yaml("guard", "sec", "/validate", 443,
          Optional.of(Files.readAllBytes(tls("ca.pem"))));
      JsonNode config = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(yaml);
      assertThat(config.path("apiVersion").asText()).isEqualTo("admissionregistration.k8s.io/v1");
      assertThat(config.path("kind").asText()).isEqualTo("ValidatingWebhookConfiguration");
      JsonNode hook = config.path("webhooks").get(0);
      assertThat(hook.path("failurePolicy").asText()).isEqualTo("Fail");
      assertThat(hook.path("sideEffects").asText()).isEqualTo("None");
      assertThat(hook.path("admissionReviewVersions").get(0).asText()).isEqualTo("v1");
      assertThat(hook.path("timeoutSeconds").asInt()).isBetween(1, 30);
      assertThat(hook.path("clientConfig").path("service").path("name").asText()).isEqualTo("guard");
      assertThat(hook.path("clientConfig").path("service").path("namespace").asText()).isEqualTo("sec");
      assertThat(new String(java.util.Base64.getDecoder().decode(hook.path("clientConfig").path("caBundle").asText())))
          .startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(hook.path("namespaceSelector").path("matchExpressions").get(0).path("values").toString())
          .contains("kube-system", "sec");
      java.util.List<String> resources = new java.util.ArrayList<>();
      hook.path("rules").forEach(r -> r.path("resources").forEach(x -> resources.add(x.asText())));
      assertThat(resources).contains("pods", "pods/ephemeralcontainers", "deployments", "replicasets", "statefulsets",
          "daemonsets", "jobs", "cronjobs", "replicationcontrollers");
      hook.path("rules").forEach(r -> assertThat(r.path("operations").toString()).contains("CREATE", "UPDATE"));
    }
  }
}
