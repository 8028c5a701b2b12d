package dev.bulwark.audit.framework;

import java.util.Locale;

/** A control's verdict in a framework report. */
public enum ControlStatus {
  /** A rule that evidences it failed on some subject. */
  FAIL,
  /** No rule failed, but one could not be evaluated: the control is undecided. */
  ERROR,
  /** Its rules were evaluated on at least one subject and none failed. */
  PASS,
  /** None of the audited subjects is of a kind its rules judge, or their preconditions do not hold. */
  NOT_APPLICABLE,
  /** Bulwark cannot decide it; an auditor must. */
  MANUAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
