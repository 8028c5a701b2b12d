package dev.bulwark.audit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.audit.AuditReport;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.SubjectRef;
import dev.bulwark.audit.rule.Evidence;
import dev.bulwark.audit.rule.Finding;
import dev.bulwark.audit.rule.Rule;
import dev.bulwark.audit.rule.RuleText;
import dev.bulwark.audit.rule.Severity;
import dev.bulwark.io.Json;
import dev.bulwark.report.RenderContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SARIF 2.1.0, one result per finding. Each result names its object: the file and line for files
 * (physicalLocation), and the object itself (logicalLocations: Kubernetes kind/namespace/name, a
 * container's name and id, the daemon, the host) so CI systems can annotate it.
 */
public final class AuditSarifRenderer implements AuditRenderer {
  public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Override
  public String format() {
    return "sarif";
  }

  @Override
  public void render(AuditReport report, RenderContext context, Messages messages, OutputStream out)
      throws IOException {
    String language = messages.language();
    List<Finding> findings = report.findings();
    Map<String, Integer> indexes = new LinkedHashMap<>();
    List<Rule> rules = new ArrayList<>();
    for (Finding finding : findings) {
      if (!indexes.containsKey(finding.rule().id())) {
        indexes.put(finding.rule().id(), rules.size());
        rules.add(finding.rule());
      }
    }
    ObjectNode root = NODES.objectNode();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", context.toolName());
    driver.put("version", context.toolVersion());
    driver.put("semanticVersion", context.toolVersion().replaceAll("[^0-9A-Za-z.+-]", ""));
    driver.put("language", language);
    ArrayNode descriptors = driver.putArray("rules");
    for (Rule rule : rules) {
      descriptors.add(descriptor(rule, language));
    }
    ArrayNode results = run.putArray("results");
    for (Finding finding : findings) {
      results.add(result(finding, indexes.get(finding.rule().id()), language));
    }
    ArrayNode invocations = run.putArray("invocations");
    ObjectNode invocation = invocations.addObject();
    invocation.put("executionSuccessful", true);
    invocation.put("endTimeUtc", context.timestamp().toString());
    ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
    report.errors().forEach(error -> {
      ObjectNode n = notifications.addObject();
      n.put("level", "warning");
      n.putObject("message").put("text", "rule " + error.rule().id() + " could not be evaluated on "
          + error.subject().display() + ": " + error.error().orElse(""));
      n.putObject("descriptor").put("id", error.rule().id());
    });
    if (notifications.isEmpty()) {
      invocation.remove("toolExecutionNotifications");
    }
    Json.writePretty(out, root);
  }

  private static ObjectNode descriptor(Rule rule, String language) {
    RuleText text = rule.text(language);
    ObjectNode node = NODES.objectNode();
    node.put("id", rule.id());
    node.put("name", rule.id());
    node.putObject("shortDescription").put("text", text.title());
    node.putObject("fullDescription").put("text", text.rationale());
    ObjectNode help = node.putObject("help");
    help.put("text", text.rationale() + "\n\n" + text.remediation());
    help.put("markdown", "**" + text.title() + "**\n\n" + text.rationale() + "\n\n" + text.remediation());
    if (!rule.references().isEmpty()) {
      node.put("helpUri", rule.references().getFirst());
    }
    node.putObject("defaultConfiguration").put("level", level(rule.severity()));
    ObjectNode properties = node.putObject("properties");
    properties.put("severity", rule.severity().label());
    properties.put("security-severity", securitySeverity(rule.severity()));
    properties.put("scope", rule.scope().label());
    ArrayNode tags = properties.putArray("tags");
    tags.add("security");
    tags.add(rule.scope().label());
    return node;
  }

  private static ObjectNode result(Finding finding, int index, String language) {
    ObjectNode node = NODES.objectNode();
    node.put("ruleId", finding.rule().id());
    node.put("ruleIndex", index);
    node.put("level", level(finding.severity()));
    StringBuilder message = new StringBuilder(finding.rule().text(language).title()).append(": ")
        .append(finding.subject().display());
    for (Evidence e : finding.evidence()) {
      message.append("; ").append(e.path()).append(" = ").append(e.value());
    }
    node.putObject("message").put("text", message.toString());
    ObjectNode location = node.putArray("locations").addObject();
    physical(finding).ifPresent(p -> location.set("physicalLocation", p));
    location.putArray("logicalLocations").add(logical(finding.subject()));
    ArrayNode related = NODES.arrayNode();
    int id = 1;
    for (Evidence e : finding.evidence()) {
      ObjectNode r = NODES.objectNode();
      r.put("id", id++);
      Optional<ObjectNode> p = physical(e.location());
      p.ifPresent(v -> r.set("physicalLocation", v));
      r.putObject("message").put("text", e.path() + " = " + e.value() + " (" + e.location().display() + ")");
      related.add(r);
    }
    if (!related.isEmpty()) {
      node.set("relatedLocations", related);
    }
    node.putObject("partialFingerprints").put("bulwarkFinding/v1", fingerprint(finding));
    ObjectNode properties = node.putObject("properties");
    properties.put("severity", finding.severity().label());
    properties.put("subjectKind", finding.subject().kind());
    return node;
  }

  /** The finding's file and line, or the subject's file when the finding has no line of its own. */
  private static Optional<ObjectNode> physical(Finding finding) {
    Optional<ObjectNode> own = physical(finding.location());
    if (own.isPresent()) {
      return own;
    }
    SubjectRef subject = finding.subject();
    return subject.file().map(file -> region(file, subject.line()));
  }

  private static Optional<ObjectNode> physical(Location location) {
    return location.line().map(line -> region(location.source(), Optional.of(line)));
  }

  private static ObjectNode region(String file, Optional<Integer> line) {
    ObjectNode physical = NODES.objectNode();
    physical.putObject("artifactLocation").put("uri", uri(file));
    line.filter(l -> l > 0).ifPresent(l -> physical.putObject("region").put("startLine", l));
    return physical;
  }

  private static ObjectNode logical(SubjectRef subject) {
    ObjectNode node = NODES.objectNode();
    node.put("name", subject.name());
    node.put("fullyQualifiedName", subject.kind() + "/" + subject.name() + subject.id().map(i -> "@" + i).orElse(""));
    node.put("kind", switch (subject.kind()) {
      case "dockerfile" -> "module";
      case "image" -> "package";
      default -> "object";
    });
    return node;
  }

  /** A relative path stays a relative reference; an absolute one becomes a file URI. */
  static String uri(String file) {
    try {
      if (file.startsWith("/")) {
        return Path.of(file).toUri().toString();
      }
      return new URI(null, null, file.replace('\\', '/'), null).toASCIIString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return file.replaceAll("[^A-Za-z0-9._~/-]", "_");
    }
  }

  private static String fingerprint(Finding finding) {
    String key = finding.rule().id() + "|" + finding.subject().kind() + "|" + finding.subject().name() + "|"
        + finding.location().display();
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String level(Severity severity) {
    return switch (severity) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "note";
    };
  }

  /** GitHub code scanning's numeric severity: critical ≥ 9, high ≥ 7, medium ≥ 4, low below. */
  private static String securitySeverity(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
      case INFO -> "1.0";
    };
  }
}
