package dev.bulwark.audit.framework;

import dev.bulwark.audit.rule.Outcome;
import dev.bulwark.audit.rule.RuleResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A framework report: every control with its status and evidence. */
public record FrameworkAssessment(Framework framework, List<ControlAssessment> controls) {
  public FrameworkAssessment {
    controls = List.copyOf(controls);
  }

  /** Judges every control of {@code framework} from the rule outcomes of an audit. */
  public static FrameworkAssessment of(Framework framework, List<RuleResult> results) {
    List<ControlAssessment> controls = new ArrayList<>();
    for (Control control : framework.controls()) {
      List<RuleResult> evidence = results.stream().filter(r -> control.rules().contains(r.rule().id())).toList();
      controls.add(new ControlAssessment(control, status(control, evidence), evidence));
    }
    return new FrameworkAssessment(framework, controls);
  }

  private static ControlStatus status(Control control, List<RuleResult> evidence) {
    if (!control.automated()) {
      return ControlStatus.MANUAL;
    }
    if (evidence.stream().anyMatch(r -> r.outcome() == Outcome.FAIL)) {
      return ControlStatus.FAIL;
    }
    if (evidence.stream().anyMatch(r -> r.outcome() == Outcome.ERROR)) {
      return ControlStatus.ERROR;
    }
    if (evidence.stream().anyMatch(r -> r.outcome() == Outcome.PASS)) {
      return ControlStatus.PASS;
    }
    return ControlStatus.NOT_APPLICABLE;
  }

  /** How many controls have each status, in the order of {@link ControlStatus}. */
  public Map<ControlStatus, Long> summary() {
    Map<ControlStatus, Long> counts = new EnumMap<>(ControlStatus.class);
    for (ControlStatus status : ControlStatus.values()) {
      counts.put(status, controls.stream().filter(c -> c.status() == status).count());
    }
    return counts;
  }
}
