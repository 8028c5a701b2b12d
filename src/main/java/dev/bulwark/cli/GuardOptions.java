package dev.bulwark.cli;

import dev.bulwark.InputException;
import dev.bulwark.UsageException;
import dev.bulwark.enforce.Decider;
import dev.bulwark.enforce.docker.AuditSink;
import dev.bulwark.enforce.docker.BuiltInChecks;
import dev.bulwark.enforce.docker.JsonLinesAuditSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** What both guards share: the policy, the audit log, exemptions. */
final class GuardOptions {
  @Option(names = "--policy", paramLabel = "FILE",
      description = "A policy file (rule modes and exemptions). Without one the built-in checks enforce.")
  Path policy;

  @Option(names = "--audit-log", paramLabel = "FILE",
      description = "Append every decision to FILE (JSON lines) before answering; a failed write denies.")
  Path auditLog;

  @Option(names = "--exempt-user", paramLabel = "USER",
      description = "A user allowed to install and change plugins (repeatable).")
  List<String> exemptUsers = List.of();

  @Option(names = "--allow-registry", paramLabel = "HOST",
      description = "Allow pulls and pushes only from these registries (repeatable; docker.io for Docker Hub).")
  List<String> allowedRegistries = List.of();

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: ${DEFAULT-VALUE}).")
  int threads = 8;

  Decider decider() {
    if (policy != null) {
      throw new UsageException("--policy: policy files come with the audit rule catalog and are not read yet; "
          + "run without --policy to enforce the built-in checks");
    }
    return new BuiltInChecks(Set.copyOf(exemptUsers),
        allowedRegistries.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(allowedRegistries)));
  }

  AuditSink audit() {
    if (threads < 1 || threads > 256) {
      throw new UsageException("--threads must be between 1 and 256");
    }
    if (auditLog == null) {
      return AuditSink.NONE;
    }
    try {
      return new JsonLinesAuditSink(auditLog);
    } catch (IOException e) {
      throw new InputException("cannot open the audit log " + auditLog + ": " + e.getMessage(), e);
    }
  }
}
