package dev.bulwark.enforce;

import java.util.List;

/**
 * What the guard answers: allow or deny, the rules that decided, a message for the user (which
 * rule, why, how to fix it), and warnings from rules in warn mode.
 */
public record Decision(boolean allowed, List<String> ruleIds, String message, List<String> warnings) {
  public Decision {
    ruleIds = List.copyOf(ruleIds);
    warnings = List.copyOf(warnings);
  }

  public static Decision allow(List<String> warnings) {
    return new Decision(true, List.of(), "", warnings);
  }

  public static Decision deny(List<String> ruleIds, String message) {
    return new Decision(false, ruleIds, message, List.of());
  }
}
