package dev.bulwark.enforce;

import java.io.IOException;
import java.util.List;

/**
 * One decision as every transport takes it: ask the decider, record the answer, then return it.
 * Fails closed: a decider that throws, or an audit sink that cannot record, is a denial.
 */
public final class Guard {
  public static final String DECIDER_FAILED = "guard.decider-failed";
  public static final String AUDIT_FAILED = "guard.audit-failed";

  private final Decider decider;
  private final AuditSink audit;

  public Guard(Decider decider, AuditSink audit) {
    this.decider = decider;
    this.audit = audit;
  }

  public Decision decide(GuardRequest request, boolean dryRun) {
    Decision decision;
    try {
      decision = decider.decide(request);
    } catch (RuntimeException e) {
      decision = Decision.deny(List.of(DECIDER_FAILED), "[" + DECIDER_FAILED + "] the policy could not be evaluated ("
          + e.getMessage() + "), so the request is refused. Fix: check the guard's policy and its log.");
    }
    return record(request, decision, dryRun);
  }

  /**
   * Decides a request made of parts (a pod and each of its containers): denied if any part is,
   * with every part's rules, messages and warnings; recorded once, as {@code recorded}.
   */
  public Decision decideAll(GuardRequest recorded, List<GuardRequest> parts, boolean dryRun) {
    List<String> rules = new java.util.ArrayList<>();
    List<String> messages = new java.util.ArrayList<>();
    java.util.Set<String> warnings = new java.util.LinkedHashSet<>();
    boolean allowed = true;
    for (GuardRequest part : parts) {
      Decision decision;
      try {
        decision = decider.decide(part);
      } catch (RuntimeException e) {
        decision = Decision.deny(List.of(DECIDER_FAILED), "[" + DECIDER_FAILED + "] the policy could not be "
            + "evaluated (" + e.getMessage() + "), so the request is refused. Fix: check the guard's policy and its log.");
      }
      if (!decision.allowed()) {
        allowed = false;
        decision.ruleIds().stream().filter(r -> !rules.contains(r)).forEach(rules::add);
        if (!messages.contains(decision.message())) {
          messages.add(decision.message());
        }
      }
      warnings.addAll(decision.warnings());
    }
    Decision combined = allowed ? Decision.allow(List.copyOf(warnings))
        : new Decision(false, rules, String.join("\n", messages), List.copyOf(warnings));
    return record(recorded, combined, dryRun);
  }

  /** Records a decision taken without the decider (an AuthZRes allow). */
  public Decision record(GuardRequest request, Decision decision, boolean dryRun) {
    try {
      audit.append(request, decision, dryRun);
      return decision;
    } catch (IOException | RuntimeException e) {
      return Decision.deny(List.of(AUDIT_FAILED), "[" + AUDIT_FAILED + "] the audit log could not be written ("
          + e.getMessage() + "), and nothing is allowed off the record. Fix: make the audit log writable.");
    }
  }
}
