package dev.bulwark.enforce.log;

import dev.bulwark.enforce.AuditSink;
import dev.bulwark.enforce.Decision;
import dev.bulwark.enforce.GuardRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The guards' audit sink: every decision goes into the hash-chained log before the answer goes
 * out, and an append that fails throws, which the guard turns into a denial.
 */
public final class AuditLogSink implements AuditSink, AutoCloseable {
  private final AuditLog log;

  public AuditLogSink(AuditLog log) {
    this.log = log;
  }

  @Override
  public void append(GuardRequest request, Decision decision, boolean dryRun) {
    GuardRequest recorded = request;
    if (dryRun) {
      Map<String, String> attributes = new LinkedHashMap<>(request.attributes());
      attributes.put("dryRun", "true");
      recorded = new GuardRequest(request.time(), request.user(), request.authMethod(), request.method(), request.uri(),
          request.action(), request.subject(), request.summary(), request.problem(), attributes);
    }
    log.append(recorded, decision);
  }

  @Override
  public void close() {
    log.close();
  }
}
