package dev.bulwark.audit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.audit.AuditReport;
import dev.bulwark.audit.framework.ControlAssessment;
import dev.bulwark.audit.framework.ControlStatus;
import dev.bulwark.audit.framework.FrameworkAssessment;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.SubjectRef;
import dev.bulwark.audit.rule.Evidence;
import dev.bulwark.audit.rule.Finding;
import dev.bulwark.audit.rule.Rule;
import dev.bulwark.audit.rule.RuleResult;
import dev.bulwark.audit.rule.Severity;
import dev.bulwark.io.Json;
import dev.bulwark.report.RenderContext;
import java.io.IOException;
import java.io.OutputStream;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Bulwark's audit JSON ({@value #SCHEMA}): summary, subjects, findings with evidence, evaluation
 * errors, and per framework every control with its status and the rule outcomes behind it. Texts
 * are in the report's language.
 */
public final class AuditJsonRenderer implements AuditRenderer {
  public static final String SCHEMA = "bulwark-audit/1";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Override
  public String format() {
    return "json";
  }

  @Override
  public void render(AuditReport report, RenderContext context, Messages messages, OutputStream out)
      throws IOException {
    String language = messages.language();
    ObjectNode root = NODES.objectNode();
    root.put("schema", SCHEMA);
    root.put("generator", context.toolName() + " " + context.toolVersion());
    root.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(context.timestamp()));
    root.put("language", language);
    ObjectNode summary = root.putObject("summary");
    summary.put("subjects", report.subjects().size());
    summary.put("rules", report.rules().size());
    summary.put("findings", report.findings().size());
    ObjectNode bySeverity = summary.putObject("bySeverity");
    for (Severity severity : Severity.values()) {
      bySeverity.put(severity.label(), report.findings().stream().filter(f -> f.severity() == severity).count());
    }
    summary.put("errors", report.errors().size());
    ArrayNode subjects = root.putArray("subjects");
    report.subjects().forEach(s -> subjects.add(subject(s)));
    ArrayNode findings = root.putArray("findings");
    for (Finding finding : report.findings()) {
      findings.add(finding(finding, language));
    }
    ArrayNode errors = root.putArray("errors");
    for (RuleResult error : report.errors()) {
      ObjectNode node = errors.addObject();
      node.put("rule", error.rule().id());
      node.set("subject", subject(error.subject()));
      node.put("reason", error.error().orElse(""));
    }
    ArrayNode frameworks = root.putArray("frameworks");
    for (FrameworkAssessment assessment : report.frameworks()) {
      frameworks.add(framework(assessment, language));
    }
    Json.writePretty(out, root);
  }

  static ObjectNode subject(SubjectRef ref) {
    ObjectNode node = NODES.objectNode();
    node.put("kind", ref.kind());
    node.put("name", ref.name());
    ref.id().ifPresent(id -> node.put("id", id));
    ref.file().ifPresent(f -> node.put("file", f));
    ref.line().ifPresent(l -> node.put("line", l));
    return node;
  }

  static ObjectNode location(Location location) {
    ObjectNode node = NODES.objectNode();
    node.put("source", location.source());
    location.line().ifPresent(l -> node.put("line", l));
    if (!location.field().isEmpty()) {
      node.put("field", location.field());
    }
    return node;
  }

  private static ObjectNode finding(Finding finding, String language) {
    Rule rule = finding.rule();
    ObjectNode node = NODES.objectNode();
    node.put("rule", rule.id());
    node.put("severity", rule.severity().label());
    node.put("scope", rule.scope().label());
    node.put("title", rule.text(language).title());
    node.set("subject", subject(finding.subject()));
    node.set("location", location(finding.location()));
    ArrayNode evidence = node.putArray("evidence");
    for (Evidence e : finding.evidence()) {
      ObjectNode item = evidence.addObject();
      item.put("path", e.path());
      item.put("value", e.value());
      item.set("location", location(e.location()));
    }
    node.put("rationale", rule.text(language).rationale());
    node.put("remediation", rule.text(language).remediation());
    return node;
  }

  private static ObjectNode framework(FrameworkAssessment assessment, String language) {
    ObjectNode node = NODES.objectNode();
    node.put("id", assessment.framework().id());
    node.put("title", assessment.framework().title(language));
    node.put("version", assessment.framework().version());
    assessment.framework().level().ifPresent(l -> node.put("level", l));
    node.put("source", assessment.framework().source());
    ObjectNode summary = node.putObject("summary");
    for (Map.Entry<ControlStatus, Long> entry : assessment.summary().entrySet()) {
      summary.put(entry.getKey().label(), entry.getValue());
    }
    ArrayNode controls = node.putArray("controls");
    for (ControlAssessment control : assessment.controls()) {
      ObjectNode c = controls.addObject();
      c.put("id", control.control().id());
      c.put("group", control.control().group());
      c.put("title", control.control().title(language));
      c.put("mode", control.control().mode());
      c.put("status", control.status().label());
      ArrayNode rules = c.putArray("rules");
      control.control().rules().forEach(rules::add);
      ArrayNode results = c.putArray("results");
      for (RuleResult result : control.results()) {
        ObjectNode r = results.addObject();
        r.put("rule", result.rule().id());
        r.set("subject", subject(result.subject()));
        r.put("outcome", result.outcome().label());
        result.error().ifPresent(e -> r.put("reason", e));
        if (!result.findings().isEmpty()) {
          ArrayNode locations = r.putArray("locations");
          result.findings().forEach(f -> locations.add(location(f.location())));
        }
      }
    }
    return node;
  }
}
