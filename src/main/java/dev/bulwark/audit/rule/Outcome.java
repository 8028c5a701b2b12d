package dev.bulwark.audit.rule;

import java.util.Locale;

/** What a rule concluded about one subject. */
public enum Outcome {
  /** The subject violates the rule; findings say where. */
  FAIL,
  /** The rule's expression could not be evaluated on the subject; never read as a pass. */
  ERROR,
  PASS,
  /** The rule's precondition ({@code applies}) does not hold for the subject. */
  NOT_APPLICABLE;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
