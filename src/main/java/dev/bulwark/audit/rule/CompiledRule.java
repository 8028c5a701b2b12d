package dev.bulwark.audit.rule;

import java.util.List;
import java.util.Optional;

/** A rule with its expressions compiled. */
public record CompiledRule(Rule rule, RuleLanguage.Compiled expression, Optional<RuleLanguage.Compiled> applies,
    List<Evidence> evidence) {
  public CompiledRule {
    evidence = List.copyOf(evidence);
  }

  /** An evidence path and its compiled {@code where} condition, if any. */
  public record Evidence(EvidenceSpec spec, Optional<RuleLanguage.Compiled> where) {}
}
