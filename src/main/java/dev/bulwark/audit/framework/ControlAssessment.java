package dev.bulwark.audit.framework;

import dev.bulwark.audit.rule.RuleResult;
import java.util.List;

/** A control's status and the rule outcomes behind it (every subject its rules judged). */
public record ControlAssessment(Control control, ControlStatus status, List<RuleResult> results) {
  public ControlAssessment {
    results = List.copyOf(results);
  }
}
