package dev.bulwark.audit;

import dev.bulwark.audit.framework.Control;
import dev.bulwark.audit.framework.Framework;
import dev.bulwark.audit.framework.FrameworkAssessment;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.rule.CompiledRule;
import dev.bulwark.audit.rule.RuleEngine;
import dev.bulwark.audit.rule.RuleResult;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The audit: evaluates the rule catalog over subjects and judges the requested frameworks from
 * the outcomes. Subjects come from the sources ({@code audit.source}); the service never reads
 * input itself.
 */
public final class AuditService {
  private final RuleEngine engine;
  private final List<Framework> frameworks;

  public AuditService(List<CompiledRule> rules, List<Framework> frameworks) {
    this.engine = new RuleEngine(rules);
    this.frameworks = List.copyOf(frameworks);
    Set<String> ids = rules.stream().map(r -> r.rule().id()).collect(Collectors.toSet());
    for (Framework framework : frameworks) {
      for (Control control : framework.controls()) {
        for (String rule : control.rules()) {
          if (!ids.contains(rule)) {
            throw new IllegalStateException("framework " + framework.id() + " control " + control.id()
                + " names unknown rule " + rule);
          }
        }
      }
    }
  }

  public AuditReport audit(List<Subject> subjects) {
    List<RuleResult> results = engine.evaluate(subjects);
    List<FrameworkAssessment> assessments = frameworks.stream().map(f -> FrameworkAssessment.of(f, results)).toList();
    return new AuditReport(subjects.stream().map(Subject::ref).toList(),
        engine.rules().stream().map(CompiledRule::rule).toList(), results, assessments);
  }
}
