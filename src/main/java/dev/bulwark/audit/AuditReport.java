package dev.bulwark.audit;

import dev.bulwark.audit.framework.FrameworkAssessment;
import dev.bulwark.audit.model.SubjectRef;
import dev.bulwark.audit.rule.Finding;
import dev.bulwark.audit.rule.Outcome;
import dev.bulwark.audit.rule.Rule;
import dev.bulwark.audit.rule.RuleResult;
import dev.bulwark.audit.rule.Severity;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What an audit found: the subjects judged, the rules used, every rule outcome per subject, and a
 * report per requested framework. Renderers read it; nothing in it depends on the output format.
 */
public record AuditReport(List<SubjectRef> subjects, List<Rule> rules, List<RuleResult> results,
    List<FrameworkAssessment> frameworks) {
  public AuditReport {
    subjects = List.copyOf(subjects);
    rules = List.copyOf(rules);
    results = List.copyOf(results);
    frameworks = List.copyOf(frameworks);
  }

  /** Every finding, most severe first, then by subject and rule. */
  public List<Finding> findings() {
    return results.stream().flatMap(r -> r.findings().stream())
        .sorted(Comparator.comparing(Finding::severity)
            .thenComparing(f -> f.subject().display())
            .thenComparing(f -> f.rule().id())
            .thenComparing(f -> f.location().line().orElse(0)))
        .toList();
  }

  /** Rule outcomes that could not be decided. */
  public List<RuleResult> errors() {
    return results.stream().filter(r -> r.outcome() == Outcome.ERROR).toList();
  }

  /** Whether some finding is at least as severe as {@code threshold}. */
  public boolean reaches(Severity threshold) {
    return results.stream().flatMap(r -> r.findings().stream()).anyMatch(f -> f.severity().atLeast(threshold));
  }

  public Optional<Rule> rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }
}
