package dev.bulwark.audit.report;

import static dev.bulwark.report.Html.text;

import dev.bulwark.audit.AuditReport;
import dev.bulwark.audit.framework.ControlAssessment;
import dev.bulwark.audit.framework.ControlStatus;
import dev.bulwark.audit.framework.Framework;
import dev.bulwark.audit.framework.FrameworkAssessment;
import dev.bulwark.audit.model.SubjectRef;
import dev.bulwark.audit.rule.Evidence;
import dev.bulwark.audit.rule.Finding;
import dev.bulwark.audit.rule.Outcome;
import dev.bulwark.audit.rule.RuleResult;
import dev.bulwark.audit.rule.RuleText;
import dev.bulwark.audit.rule.Severity;
import dev.bulwark.report.RenderContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML file: summary, a control-by-control table per framework with the
 * evidence behind each status, and the findings. Its style and script are inline and pinned by
 * hash in a Content-Security-Policy that allows nothing else (no network, no other script). Every
 * string from input is escaped.
 */
public final class AuditHtmlRenderer implements AuditRenderer {
  private static final String RESOURCES = "/dev/bulwark/audit/report/";
  /** Subjects named per control in the evidence column before it says "and n more". */
  private static final int MAX_SUBJECTS_PER_CONTROL = 20;

  @Override
  public String format() {
    return "html";
  }

  @Override
  public void render(AuditReport report, RenderContext context, Messages messages, OutputStream out)
      throws IOException {
    String style = resource("report.css");
    String script = resource("report.js");
    String language = messages.language();
    StringBuilder html = new StringBuilder(1 << 16);
    html.append("<!DOCTYPE html>\n<html lang=\"").append(text(language)).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '")
        .append(hash(style)).append("'; script-src '").append(hash(script))
        .append("'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"").append(text(context.toolName() + " " + context.toolVersion()))
        .append("\">\n<title>").append(text(messages.get("report.title"))).append("</title>\n<style>")
        .append(style).append("</style>\n</head>\n<body>\n<header>\n<h1>").append(text(messages.get("report.title")))
        .append("</h1>\n<p class=\"meta\">").append(text(messages.get("report.generated"))).append(' ')
        .append(text(context.toolName() + " " + context.toolVersion())).append(" · ").append(text(messages.get(
            "report.time"))).append(' ').append(text(DateTimeFormatter.ISO_INSTANT.format(context.timestamp())))
        .append("</p>\n</header>\n<main>\n");
    summary(html, report, messages);
    for (FrameworkAssessment assessment : report.frameworks()) {
      framework(html, assessment, messages);
    }
    findings(html, report, messages);
    errors(html, report, messages);
    subjects(html, report, messages);
    html.append("</main>\n<script>").append(script).append("</script>\n</body>\n</html>\n");
    out.write(html.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void summary(StringBuilder html, AuditReport report, Messages messages) {
    List<Finding> findings = report.findings();
    html.append("<section id=\"summary\">\n<h2>").append(text(messages.get("summary"))).append("</h2>\n<div class=\"cards\">\n");
    card(html, messages.get("summary.subjects"), String.valueOf(report.subjects().size()), "");
    card(html, messages.get("summary.rules"), String.valueOf(report.rules().size()), "");
    card(html, messages.get("summary.findings"), String.valueOf(findings.size()), findings.isEmpty() ? "ok" : "bad");
    for (Severity severity : Severity.values()) {
      long count = findings.stream().filter(f -> f.severity() == severity).count();
      card(html, messages.get("severity." + severity.label()), String.valueOf(count), count > 0 ? "sev-" + severity.label()
          : "");
    }
    card(html, messages.get("summary.errors"), String.valueOf(report.errors().size()),
        report.errors().isEmpty() ? "" : "warn");
    html.append("</div>\n</section>\n");
  }

  private static void card(StringBuilder html, String label, String value, String css) {
    html.append("<div class=\"card ").append(text(css)).append("\"><span class=\"value\">").append(text(value))
        .append("</span><span class=\"label\">").append(text(label)).append("</span></div>\n");
  }

  private static void framework(StringBuilder html, FrameworkAssessment assessment, Messages messages) {
    String language = messages.language();
    Framework framework = assessment.framework();
    html.append("<section class=\"framework\" id=\"fw-").append(text(framework.id())).append("\">\n<h2>")
        .append(text(messages.get("framework"))).append(": ").append(text(framework.title(language))).append(' ')
        .append(text(framework.version()));
    framework.level().ifPresent(l -> html.append(" · ").append(text(messages.get("framework.level"))).append(' ')
        .append(l));
    html.append("</h2>\n<p class=\"source\"><strong>").append(text(messages.get("framework.source")))
        .append(":</strong> ").append(text(framework.source())).append("</p>\n<div class=\"chips\">");
    for (Map.Entry<ControlStatus, Long> entry : assessment.summary().entrySet()) {
      html.append("<span class=\"chip st-").append(text(entry.getKey().label())).append("\">")
          .append(text(messages.get("status." + entry.getKey().label()))).append(": ").append(entry.getValue())
          .append("</span>");
    }
    html.append("</div>\n<table class=\"controls\">\n<thead><tr><th>").append(text(messages.get("column.id")))
        .append("</th><th>").append(text(messages.get("column.control"))).append("</th><th>")
        .append(text(messages.get("column.status"))).append("</th><th>").append(text(messages.get("column.mode")))
        .append("</th><th>").append(text(messages.get("column.evidence"))).append("</th></tr></thead>\n<tbody>\n");
    String group = null;
    for (ControlAssessment control : assessment.controls()) {
      if (!control.control().group().equals(group)) {
        group = control.control().group();
        String g = group;
        String title = framework.groups().stream().filter(x -> x.id().equals(g)).findFirst()
            .map(x -> x.title(language)).orElse(g);
        html.append("<tr class=\"group\"><td colspan=\"5\">").append(text(title)).append("</td></tr>\n");
      }
      html.append("<tr class=\"st-").append(text(control.status().label())).append("\"><td class=\"id\">")
          .append(text(control.control().id())).append("</td><td>").append(text(control.control().title(language)))
          .append("</td><td><span class=\"status st-").append(text(control.status().label())).append("\">")
          .append(text(messages.get("status." + control.status().label()))).append("</span></td><td>")
          .append(text(messages.get("mode." + control.control().mode()))).append("</td><td>");
      evidence(html, control, messages);
      html.append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n</section>\n");
  }

  /** Which rules on which subjects decided the control. */
  private static void evidence(StringBuilder html, ControlAssessment control, Messages messages) {
    if (control.control().rules().isEmpty()) {
      return;
    }
    html.append("<ul class=\"evidence\">");
    for (String rule : control.control().rules()) {
      List<RuleResult> results = control.results().stream().filter(r -> r.rule().id().equals(rule)).toList();
      List<RuleResult> failed = results.stream().filter(r -> r.outcome() == Outcome.FAIL).toList();
      List<RuleResult> errors = results.stream().filter(r -> r.outcome() == Outcome.ERROR).toList();
      long passed = results.stream().filter(r -> r.outcome() == Outcome.PASS).count();
      html.append("<li><a href=\"#rule-").append(text(rule)).append("\"><code>").append(text(rule))
          .append("</code></a> ");
      if (!failed.isEmpty()) {
        html.append(text(messages.get("outcome.subjects", failed.size(), failed.size() + passed))).append("<ul>");
        failed.stream().limit(MAX_SUBJECTS_PER_CONTROL).forEach(r -> {
          html.append("<li>").append(text(r.subject().display()));
          r.findings().forEach(f -> html.append(" — ").append(text(f.location().display())));
          html.append("</li>");
        });
        if (failed.size() > MAX_SUBJECTS_PER_CONTROL) {
          html.append("<li>… ").append(failed.size() - MAX_SUBJECTS_PER_CONTROL).append("</li>");
        }
        html.append("</ul>");
      } else if (passed > 0) {
        html.append(text(messages.get("outcome.passed", passed)));
      } else if (errors.isEmpty()) {
        html.append(text(messages.get("outcome.none")));
      }
      errors.forEach(e -> html.append("<div class=\"err\">").append(text(messages.get("status.error"))).append(": ")
          .append(text(e.subject().display())).append(": ").append(text(e.error().orElse(""))).append("</div>"));
      html.append("</li>");
    }
    html.append("</ul>");
  }

  private static void findings(StringBuilder html, AuditReport report, Messages messages) {
    String language = messages.language();
    List<Finding> findings = report.findings();
    html.append("<section id=\"findings\">\n<h2>").append(text(messages.get("findings"))).append(" (")
        .append(findings.size()).append(")</h2>\n");
    if (findings.isEmpty()) {
      html.append("<p>").append(text(messages.get("findings.none"))).append("</p>\n</section>\n");
      return;
    }
    html.append("<div class=\"filter\"><label for=\"severity-filter\">").append(text(messages.get("filter.label")))
        .append("</label> <select id=\"severity-filter\"><option value=\"\">").append(text(messages.get("filter.all")))
        .append("</option>");
    for (Severity severity : Severity.values()) {
      html.append("<option value=\"").append(severity.label()).append("\">")
          .append(text(messages.get("severity." + severity.label()))).append("</option>");
    }
    html.append("</select> <input id=\"text-filter\" type=\"search\" placeholder=\"…\"></div>\n");
    java.util.Set<String> anchored = new java.util.HashSet<>();
    for (Finding finding : findings) {
      RuleText t = finding.rule().text(language);
      String severity = finding.severity().label();
      html.append("<details class=\"finding sev-").append(severity).append("\" data-severity=\"").append(severity)
          .append('"');
      if (anchored.add(finding.rule().id())) {
        html.append(" id=\"rule-").append(text(finding.rule().id())).append('"');
      }
      html.append("><summary><span class=\"badge sev-").append(severity).append("\">")
          .append(text(messages.get("severity." + severity))).append("</span> <strong>").append(text(t.title()))
          .append("</strong> <code>").append(text(finding.rule().id())).append("</code><br><span class=\"where\">")
          .append(text(finding.subject().display())).append(" · ").append(text(finding.location().display()))
          .append("</span></summary>\n<table class=\"ev\"><thead><tr><th>").append(text(messages.get("column.path")))
          .append("</th><th>").append(text(messages.get("column.value"))).append("</th><th>")
          .append(text(messages.get("column.location"))).append("</th></tr></thead><tbody>");
      for (Evidence e : finding.evidence()) {
        html.append("<tr><td><code>").append(text(e.path())).append("</code></td><td><code>").append(text(e.value()))
            .append("</code></td><td>").append(text(e.location().display())).append("</td></tr>");
      }
      html.append("</tbody></table>\n<p><strong>").append(text(messages.get("rationale"))).append(":</strong> ")
          .append(text(t.rationale())).append("</p>\n<p><strong>").append(text(messages.get("remediation")))
          .append(":</strong> ").append(text(t.remediation())).append("</p>\n</details>\n");
    }
    html.append("</section>\n");
  }

  private static void errors(StringBuilder html, AuditReport report, Messages messages) {
    if (report.errors().isEmpty()) {
      return;
    }
    html.append("<section id=\"errors\">\n<h2>").append(text(messages.get("errors"))).append("</h2>\n<p>")
        .append(text(messages.get("errors.note"))).append("</p>\n<table><thead><tr><th>")
        .append(text(messages.get("column.rule"))).append("</th><th>").append(text(messages.get("column.subject")))
        .append("</th><th>").append(text(messages.get("column.reason"))).append("</th></tr></thead><tbody>\n");
    for (RuleResult error : report.errors()) {
      html.append("<tr><td><code>").append(text(error.rule().id())).append("</code></td><td>")
          .append(text(error.subject().display())).append("</td><td>").append(text(error.error().orElse("")))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n</section>\n");
  }

  private static void subjects(StringBuilder html, AuditReport report, Messages messages) {
    html.append("<section id=\"subjects\">\n<h2>").append(text(messages.get("subjects"))).append("</h2>\n<table><thead><tr><th>")
        .append(text(messages.get("column.kind"))).append("</th><th>").append(text(messages.get("column.name")))
        .append("</th><th>").append(text(messages.get("column.location"))).append("</th></tr></thead><tbody>\n");
    for (SubjectRef subject : report.subjects()) {
      html.append("<tr><td>").append(text(subject.kind())).append("</td><td>").append(text(subject.name()))
          .append(subject.id().map(i -> " <code>" + text(i.substring(0, Math.min(12, i.length()))) + "</code>").orElse(""))
          .append("</td><td>").append(text(subject.file().map(f -> f + subject.line().map(l -> ":" + l).orElse(""))
              .orElse(""))).append("</td></tr>\n");
    }
    html.append("</tbody></table>\n</section>\n");
  }

  private static String hash(String inline) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = AuditHtmlRenderer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCES + name + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
