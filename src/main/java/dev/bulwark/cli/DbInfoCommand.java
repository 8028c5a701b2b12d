package dev.bulwark.cli;

import dev.bulwark.vuln.db.DbAge;
import dev.bulwark.vuln.db.SourceInfo;
import dev.bulwark.vuln.db.SqliteAdvisoryStore;
import dev.bulwark.vuln.db.StoreMetadata;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulwark db info}: what the database holds and how old it is. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Show the advisory database: schema version, location, build time and age, each source with its counts",
      "and timestamps, and totals. A database older than the maximum age gives a warning on stderr."
    })
final class DbInfoCommand implements Callable<Integer> {
  @Option(names = "--max-age", paramLabel = "DURATION",
      description = "Warn when the database is older than this: 7d, 36h, 90m or P7D (default: $BULWARK_DB_MAX_AGE,"
          + " else 7d).")
  String maxAge;

  @Mixin DbOptions dbOptions;

  @Spec CommandSpec spec;

  private final Map<String, String> environment;

  DbInfoCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration limit = DbAge.maxAge(Optional.ofNullable(maxAge), environment);
    StoreMetadata metadata;
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(dbOptions.location(environment))) {
      metadata = store.metadata();
    }
    Instant now = Instant.now();
    out.println("database:   " + Terminal.sanitize(metadata.location()));
    out.println("schema:     " + metadata.schemaVersion());
    out.println("built:      " + metadata.builtAt() + " (" + DbAge.describe(metadata.age(now)) + " ago)");
    out.printf("advisories: %,d (%,d distinct ids), naming %,d packages%n", metadata.advisoryCount(),
        metadata.distinctIds(), metadata.packageCount());
    out.println("sources:");
    for (SourceInfo source : metadata.sources()) {
      out.printf("  %s  %,d advisories  retrieved %s, checked %s%n", Terminal.sanitize(source.name()),
          source.advisoryCount(), source.retrievedAt(), source.checkedAt());
      out.println("    from " + Terminal.sanitize(source.location())
          + source.etag().map(e -> "  etag " + Terminal.sanitize(e)).orElse("")
          + source.sha256().map(s -> "  sha256 " + s.substring(0, Math.min(16, s.length())) + "…").orElse(""));
      if (source.withdrawnCount() > 0 || source.rejectedCount() > 0) {
        out.printf("    %,d withdrawn, %,d rejected documents left out%n", source.withdrawnCount(), source.rejectedCount());
      }
    }
    out.flush();
    DbAge.warning(metadata, limit, now).ifPresent(w -> err.println("bulwark: warning: " + Terminal.sanitize(w)));
    err.flush();
    return 0;
  }
}
