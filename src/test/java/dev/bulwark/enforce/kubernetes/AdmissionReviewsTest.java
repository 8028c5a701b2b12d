package dev.bulwark.enforce.kubernetes;

import dev.bulwark.enforce.policy.RuleDecider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.enforce.Decision;
import dev.bulwark.enforce.GuardRequest;
import dev.bulwark.enforce.Guard;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AdmissionReview v1 round trips, with real Kubernetes objects from kube-linter's and trivy-checks' tests. */
public class AdmissionReviewsTest {
  record Logged(GuardRequest request, Decision decision, boolean dryRun) {}

  private final List<Logged> log = new ArrayList<>();
  private final AdmissionReviews reviews = new AdmissionReviews(new KubernetesPodMapper(),
      new Guard(RuleDecider.defaults(Set.of()), (r, d, dry) -> log.add(new Logged(r, d, dry))),
      Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));

  static final Map<String, String[]> RESOURCES = Map.of(
      "Pod", new String[] {"", "pods"},
      "Deployment", new String[] {"apps", "deployments"},
      "DeploymentConfig", new String[] {"apps.openshift.io", "deploymentconfigs"},
      "CronJob", new String[] {"batch", "cronjobs"},
      "Job", new String[] {"batch", "jobs"},
      "Service", new String[] {"", "services"});

  /** An AdmissionReview request as the API server sends it for {@code object}. */
  public static byte[] review(JsonNode object, String uid, boolean dryRun) {
    String kind = object.path("kind").asText();
    String[] resource = RESOURCES.getOrDefault(kind, new String[] {"", kind.toLowerCase() + "s"});
    ObjectNode review = Json.mapper().createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", uid);
    request.putObject("kind").put("group", resource[0]).put("version", "v1").put("kind", kind);
    request.putObject("resource").put("group", resource[0]).put("version", "v1").put("resource", resource[1]);
    request.put("name", object.path("metadata").path("name").asText());
    request.put("namespace", "team-a");
    request.put("operation", "CREATE");
    ObjectNode user = request.putObject("userInfo");
    user.put("username", "alice");
    user.putArray("groups").add("system:authenticated");
    request.set("object", object);
    request.put("dryRun", dryRun);
    return review.toString().getBytes(StandardCharsets.UTF_8);
  }

  JsonNode answer(JsonNode object) {
    return answer(review(object, "705ab4f5-6393-11e8-b7cc-42010a800002", false));
  }

  JsonNode answer(byte[] review) {
    try {
      return Json.mapper().readTree(reviews.review(review));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static List<JsonNode> documents(String resource) throws IOException {
    try (InputStream in = AdmissionReviewsTest.class.getResourceAsStream(resource)) {
      List<JsonNode> out = new ArrayList<>();
      new YAMLMapper().readValues(new YAMLMapper().getFactory().createParser(in), JsonNode.class)
          .forEachRemaining(n -> {
            if (n != null && n.isObject()) {
              out.add(n);
            }
          });
      return out;
    }
  }

  static List<String> lines(String resource) throws IOException {
    try (InputStream in = AdmissionReviewsTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }
  }

  static List<String> denied(JsonNode answer) {
    String message = answer.path("response").path("status").path("message").asText("");
    List<String> rules = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[([a-z][a-z0-9.-]+)]").matcher(message);
    while (m.find()) {
      rules.add(m.group(1));
    }
    answer.path("response").path("warnings").forEach(w -> {
      java.util.regex.Matcher wm = java.util.regex.Pattern.compile("\\[([a-z][a-z0-9.-]+)]").matcher(w.asText());
      if (wm.find()) {
        rules.add(wm.group(1));
      }
    });
    return rules;
  }

  static Stream<Arguments> kubeLinter() {
    return Stream.of("privileged-container", "host-pid", "docker-sock", "host-network", "unset-memory-requirements")
        .map(Arguments::of);
  }

  @Nested
  class RealObjects {
    @ParameterizedTest
    @MethodSource("dev.bulwark.enforce.kubernetes.AdmissionReviewsTest#kubeLinter")
    void kubeLinterChecksFireOnTheSameObjects(String check) throws IOException {
      List<JsonNode> objects = documents("/enforce/kubernetes/kube-linter/" + check + ".yml");
      List<String> expected = lines("/enforce/kubernetes/kube-linter/" + check + ".expected.tsv");
      assertThat(objects).hasSameSizeAs(expected);
      for (int i = 0; i < objects.size(); i++) {
        String[] row = expected.get(i).split("\t");
        JsonNode object = objects.get(i);
        assertThat(object.path("kind").asText()).isEqualTo(row[0]);
        assertThat(object.path("metadata").path("name").asText()).isEqualTo(row[1]);
        List<String> rules = denied(answer(object));
        if (row[3].equals("yes")) {
          assertThat(rules).as(check + " " + row[1]).contains(row[2]);
        } else {
          assertThat(rules).as(check + " " + row[1]).doesNotContain(row[2]);
        }
      }
    }

    @Test
    void trivyChecksExamples() throws IOException {
      int checked = 0;
      for (String line : lines("/enforce/kubernetes/trivy-checks/expected.tsv")) {
        String[] row = line.split("\t");
        JsonNode examples;
        try (InputStream in = getClass().getResourceAsStream("/enforce/kubernetes/trivy-checks/" + row[0])) {
          examples = new YAMLMapper().readTree(in).path("kubernetes");
        }
        for (String verdict : List.of("bad", "good")) {
          for (JsonNode example : examples.path(verdict)) {
            for (JsonNode object : documentsOf(example.asText())) {
              List<String> rules = denied(answer(object));
              if (verdict.equals("bad")) {
                assertThat(rules).as(row[0] + " bad: " + object).contains(row[1]);
              } else {
                assertThat(rules).as(row[0] + " good: " + object).doesNotContain(row[1]);
              }
              checked++;
            }
          }
        }
      }
      assertThat(checked).isGreaterThanOrEqualTo(12);
    }

    private List<JsonNode> documentsOf(String yaml) throws IOException {
      List<JsonNode> out = new ArrayList<>();
      new YAMLMapper().readValues(new YAMLMapper().getFactory().createParser(yaml), JsonNode.class)
          .forEachRemaining(n -> {
            if (n != null && n.isObject()) {
              out.add(n);
            }
          });
      return out;
    }
  }

  @Nested
  class Responses {
    private JsonNode pod(String containerExtra, String specExtra) {
      try {
        return Json.mapper().readTree("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\"},"
            + "\"spec\":{" + specExtra + "\"containers\":[{\"name\":\"app\",\"image\":\"nginx:1.27\","
            + "\"resources\":{\"limits\":{\"memory\":\"128Mi\",\"cpu\":\"500m\"}}" + containerExtra + "}]}}");
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }

    @Test
    void allowedEchoesTheUid() {
      JsonNode answer = answer(review(pod("", ""), "uid-1", false));
      assertThat(answer.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
      assertThat(answer.path("kind").asText()).isEqualTo("AdmissionReview");
      assertThat(answer.path("response").path("uid").asText()).isEqualTo("uid-1");
      assertThat(answer.path("response").path("allowed").asBoolean()).isTrue();
      assertThat(answer.path("response").has("status")).isFalse();
      Logged logged = log.getLast();
      assertThat(logged.request().user()).contains("alice");
      assertThat(logged.request().uri()).isEqualTo("/api/v1/namespaces/team-a/pods/web");
      assertThat(logged.request().action()).isEqualTo("kubernetes.admit");
      assertThat(logged.request().summary()).contains("images=nginx:1.27");
      assertThat(logged.dryRun()).isFalse();
    }

    @Test
    void deniedCarriesA403WithTheMessage() {
      JsonNode answer = answer(review(pod(",\"securityContext\":{\"privileged\":true}", ""), "uid-2", false));
      JsonNode response = answer.path("response");
      assertThat(response.path("uid").asText()).isEqualTo("uid-2");
      assertThat(response.path("allowed").asBoolean()).isFalse();
      assertThat(response.path("status").path("code").asInt()).isEqualTo(403);
      assertThat(response.path("status").path("message").asText()).contains("[container-privileged]",
          "securityContext.privileged", "Fix:");
      assertThat(log).hasSize(1);
      assertThat(log.getLast().decision().ruleIds()).contains("container-privileged");
    }

    @Test
    void warningsAreShort() {
      JsonNode answer = answer(review(pod("", ""), "uid-3", false));
      JsonNode warnings = answer.path("response").path("warnings");
      assertThat(answer.path("response").path("allowed").asBoolean()).isTrue();
      assertThat(warnings).isNotEmpty();
      warnings.forEach(w -> assertThat(w.asText().length()).isLessThan(120));
      assertThat(AdmissionReviews.warnings(List.of("x".repeat(300), "a\nb")))
          .allSatisfy(w -> assertThat(w.length()).isLessThan(120)).last().isEqualTo("a b");
      assertThat(AdmissionReviews.warnings(java.util.Collections.nCopies(50, "w"))).hasSize(10);
    }

    @Test
    void dryRunsAreDecidedAndRecordedAsDryRuns() {
      JsonNode answer = answer(review(pod(",\"securityContext\":{\"privileged\":true}", ""), "uid-4", true));
      assertThat(answer.path("response").path("allowed").asBoolean()).isFalse();
      assertThat(log.getLast().dryRun()).isTrue();
      assertThat(log.getLast().request().attributes()).containsEntry("dryRun", "true");
    }

    @Test
    void objectsWithoutPodsAreAllowed() throws IOException {
      JsonNode service = Json.mapper().readTree("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"}}");
      assertThat(answer(service).path("response").path("allowed").asBoolean()).isTrue();
    }

    @Test
    void cronJobPodTemplatesAreFound() throws IOException {
      JsonNode cron = Json.mapper().readTree("{\"apiVersion\":\"batch/v1\",\"kind\":\"CronJob\",\"metadata\":"
          + "{\"name\":\"c\"},\"spec\":{\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":{\"hostPID\":true,"
          + "\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}}}}}}");
      assertThat(denied(answer(cron))).contains("container-host-pid", "container-no-memory-limit");
    }

    @Test
    void malformedReviewsAreRefused() {
      assertThatThrownBy(() -> reviews.review("nope".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(AdmissionReviews.BadReview.class);
      assertThatThrownBy(() -> reviews.review("{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\"}"
          .getBytes(StandardCharsets.UTF_8))).isInstanceOf(AdmissionReviews.BadReview.class);
      assertThatThrownBy(() -> reviews.review(("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
          + "\"request\":{}}").getBytes(StandardCharsets.UTF_8))).hasMessageContaining("uid");
    }
  }
}
