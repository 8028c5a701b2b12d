package dev.bulwark.audit.report;

import dev.bulwark.audit.AuditReport;
import dev.bulwark.audit.framework.ControlAssessment;
import dev.bulwark.audit.framework.ControlStatus;
import dev.bulwark.audit.framework.FrameworkAssessment;
import dev.bulwark.audit.rule.Evidence;
import dev.bulwark.audit.rule.Finding;
import dev.bulwark.audit.rule.Outcome;
import dev.bulwark.audit.rule.RuleResult;
import dev.bulwark.report.RenderContext;
import dev.bulwark.report.TextTable;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The terminal report: findings with their evidence, then one table per framework. */
public final class AuditTableRenderer implements AuditRenderer {
  @Override
  public String format() {
    return "table";
  }

  @Override
  public void render(AuditReport report, RenderContext context, Messages messages, OutputStream out) {
    PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
    String language = messages.language();
    List<Finding> findings = report.findings();
    for (Finding finding : findings) {
      print.println(String.format(Locale.ROOT, "%-9s %s  %s", finding.severity().label().toUpperCase(Locale.ROOT),
          finding.rule().id(), clean(finding.rule().text(language).title())));
      print.println("  " + clean(finding.subject().display()) + "  " + clean(finding.location().display()));
      for (Evidence evidence : finding.evidence()) {
        print.println("    " + clean(evidence.path()) + " = " + clean(evidence.value()) + "  ("
            + clean(evidence.location().display()) + ")");
      }
    }
    if (findings.isEmpty()) {
      print.println(messages.get("findings.none"));
    }
    List<RuleResult> errors = report.errors();
    if (!errors.isEmpty()) {
      print.println();
      print.println(messages.get("errors") + ":");
      for (RuleResult error : errors) {
        print.println("  " + error.rule().id() + "  " + clean(error.subject().display()) + ": "
            + clean(error.error().orElse("")));
      }
    }
    for (FrameworkAssessment assessment : report.frameworks()) {
      print.println();
      print.println(clean(messages.get("text.framework", assessment.framework().title(language) + " "
          + assessment.framework().version() + assessment.framework().level().map(l -> " (" + messages.get(
              "framework.level") + " " + l + ")").orElse(""), assessment.controls().size(),
          statusSummary(assessment, messages))));
      TextTable table = new TextTable(List.of(messages.get("column.id"), messages.get("column.status"),
          messages.get("column.mode"), messages.get("column.title"), messages.get("column.rules")));
      for (ControlAssessment control : assessment.controls()) {
        table.row(List.of(control.control().id(), messages.get("status." + control.status().label()),
            messages.get("mode." + control.control().mode()), control.control().title(language),
            ruleSummary(control)));
      }
      table.print(print);
    }
    print.println();
    print.println(messages.get("text.audited", report.subjects().size(), report.rules().size(), findings.size(),
        errors.size()));
    print.flush();
  }

  static String statusSummary(FrameworkAssessment assessment, Messages messages) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<ControlStatus, Long> entry : assessment.summary().entrySet()) {
      if (entry.getValue() > 0) {
        parts.add(entry.getValue() + " " + messages.get("status." + entry.getKey().label()));
      }
    }
    return String.join(", ", parts);
  }

  /** Failed rules first, as {@code id (failed on n)}. */
  static String ruleSummary(ControlAssessment control) {
    List<String> parts = new ArrayList<>();
    for (String rule : control.control().rules()) {
      long failed = control.results().stream()
          .filter(r -> r.rule().id().equals(rule) && r.outcome() == Outcome.FAIL).count();
      parts.add(failed > 0 ? rule + " ×" + failed : rule);
    }
    return String.join(", ", parts);
  }

  private static String clean(String text) {
    return text.replaceAll("\\p{Cntrl}", "?");
  }
}
