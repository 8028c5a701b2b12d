package dev.bulwark.enforce;

import java.io.IOException;

/**
 * Where the guard records each decision before it answers. An append that throws makes the guard
 * deny the request: nothing is allowed that is not on record.
 */
@FunctionalInterface
public interface AuditSink {
  /**
   * @param dryRun the request was a Kubernetes dry run: decided and answered, but nothing was created
   */
  void append(GuardRequest request, Decision decision, boolean dryRun) throws IOException;

  AuditSink NONE = (request, decision, dryRun) -> { };
}
