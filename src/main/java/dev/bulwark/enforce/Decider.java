package dev.bulwark.enforce;

/**
 * The policy behind every enforcement point: one implementation evaluates the audit rule catalog,
 * so one rule decides both an audit finding and an allow or deny.
 */
@FunctionalInterface
public interface Decider {
  Decision decide(GuardRequest request);
}
