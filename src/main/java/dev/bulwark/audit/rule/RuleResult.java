package dev.bulwark.audit.rule;

import dev.bulwark.audit.model.SubjectRef;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one rule on one subject: failed (with findings; instruction rules may find
 * several), passed, not applicable, or an error with its reason.
 */
public record RuleResult(Rule rule, SubjectRef subject, Outcome outcome, List<Finding> findings,
    Optional<String> error) {
  public RuleResult {
    findings = List.copyOf(findings);
    if (outcome == Outcome.FAIL && findings.isEmpty()) {
      throw new IllegalArgumentException("a failed rule needs a finding");
    }
    if ((outcome == Outcome.ERROR) != error.isPresent()) {
      throw new IllegalArgumentException("an error, and only an error, carries a reason");
    }
  }
}
