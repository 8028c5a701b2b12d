package dev.bulwark.enforce.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.enforce.Decision;
import dev.bulwark.enforce.GuardRequest;
import dev.bulwark.enforce.Guard;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validating admission (admission.k8s.io/v1 AdmissionReview): reads the request, decides the pod
 * the object runs (the pod and each container), and answers with the request's uid, allowed or
 * denied with a 403 status and the denial message, and warnings. Dry runs are decided and
 * answered like any request, and recorded as dry runs.
 */
public final class AdmissionReviews {
  public static final String API_VERSION = "admission.k8s.io/v1";
  public static final String ACTION = "kubernetes.admit";
  /** Kubernetes truncates longer warnings; kubectl prints each on its own line. */
  static final int MAX_WARNING_CHARS = 119;
  static final int MAX_WARNINGS = 10;

  private final PodMapper mapper;
  private final Guard guard;
  private final Clock clock;

  public AdmissionReviews(PodMapper mapper, Guard guard, Clock clock) {
    this.mapper = mapper;
    this.guard = guard;
    this.clock = clock;
  }

  /** A review the guard cannot answer (not an AdmissionReview, no uid): the webhook fails the call. */
  public static final class BadReview extends RuntimeException {
    BadReview(String message) {
      super(message);
    }
  }

  /** Decides one review; the encoded response review. */
  public byte[] review(byte[] body) {
    JsonNode review;
    try {
      review = Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new BadReview("not JSON: " + e.getMessage());
    }
    if (review == null || !review.path("apiVersion").asText().equals(API_VERSION)
        || !review.path("kind").asText().equals("AdmissionReview")) {
      throw new BadReview("not an " + API_VERSION + " AdmissionReview");
    }
    JsonNode request = review.path("request");
    String uid = request.path("uid").asText("");
    if (uid.isEmpty()) {
      throw new BadReview("the AdmissionReview has no request.uid");
    }
    Decision decision = decide(request);
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("apiVersion", API_VERSION);
    out.put("kind", "AdmissionReview");
    ObjectNode response = out.putObject("response");
    response.put("uid", uid);
    response.put("allowed", decision.allowed());
    if (!decision.allowed()) {
      ObjectNode status = response.putObject("status");
      status.put("code", 403);
      status.put("reason", "Forbidden");
      status.put("message", decision.message());
    }
    List<String> warnings = warnings(decision.warnings());
    if (!warnings.isEmpty()) {
      ArrayNode array = response.putArray("warnings");
      warnings.forEach(array::add);
    }
    try {
      return Json.mapper().writeValueAsBytes(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode an AdmissionReview", e);
    }
  }

  Decision decide(JsonNode request) {
    String kind = request.path("kind").path("kind").asText("");
    String operation = request.path("operation").asText("");
    String namespace = request.path("namespace").asText("");
    String name = request.path("name").asText("");
    boolean dryRun = request.path("dryRun").asBoolean(false);
    JsonNode user = request.path("userInfo");
    JsonNode resource = request.path("resource");
    String group = resource.path("group").asText("");
    String uri = "/" + (group.isEmpty() ? "api" : "apis/" + group) + "/" + resource.path("version").asText("")
        + (namespace.isEmpty() ? "" : "/namespaces/" + namespace) + "/" + resource.path("resource").asText("")
        + (name.isEmpty() ? "" : "/" + name)
        + (request.path("subResource").asText("").isEmpty() ? "" : "/" + request.path("subResource").asText());
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("transport", "kubernetes-admission");
    attributes.put("uid", request.path("uid").asText(""));
    attributes.put("kind", kind);
    attributes.put("namespace", namespace);
    if (dryRun) {
      attributes.put("dryRun", "true");
    }
    List<String> groups = new ArrayList<>();
    user.path("groups").forEach(g -> groups.add(g.asText()));
    String authMethod = "kubernetes" + (groups.isEmpty() ? "" : " groups=" + String.join(",", groups));
    Optional<String> userName = user.path("username").asText("").isEmpty() ? Optional.empty()
        : Optional.of(user.path("username").asText());
    Optional<PodMapper.Pod> pod = operation.equals("CREATE") || operation.equals("UPDATE")
        ? mapper.map(request.path("object"), kind, namespace) : Optional.empty();
    String summary = kind + " " + namespace + "/" + (name.isEmpty()
        ? request.path("object").path("metadata").path("generateName").asText("") : name) + " " + operation;
    if (pod.isEmpty()) {
      GuardRequest plain = new GuardRequest(clock.instant(), userName, authMethod, operation, uri, ACTION,
          Optional.empty(), summary, Optional.empty(), attributes);
      return guard.decide(plain, dryRun);
    }
    PodMapper.Pod p = pod.orElseThrow();
    List<String> images = p.containers().stream().map(c -> c.settings().image().orElse("")).toList();
    attributes.put("images", String.join(",", images));
    GuardRequest recorded = new GuardRequest(clock.instant(), userName, authMethod, operation, uri, ACTION,
        Optional.of(p.pod()), summary + " images=" + String.join(",", images), Optional.empty(), attributes);
    List<GuardRequest> parts = new ArrayList<>();
    parts.add(recorded);
    for (Subject.Container c : p.containers()) {
      parts.add(new GuardRequest(recorded.time(), userName, authMethod, operation, uri, ACTION, Optional.of(c),
          summary + " container " + c.settings().name(), Optional.empty(), attributes));
    }
    return guard.decideAll(recorded, parts, dryRun);
  }

  /** At most a handful, each under 120 characters. */
  static List<String> warnings(List<String> all) {
    List<String> out = new ArrayList<>();
    for (String w : all) {
      if (out.size() == MAX_WARNINGS) {
        break;
      }
      String line = w.replaceAll("\\s+", " ").strip();
      out.add(line.length() <= MAX_WARNING_CHARS ? line : line.substring(0, MAX_WARNING_CHARS - 1) + "…");
    }
    return out;
  }
}
