package dev.bulwark.cli;

import dev.bulwark.vuln.db.AdvisoryUpdater;
import dev.bulwark.vuln.db.DbProgress;
import dev.bulwark.vuln.db.RetryPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bulwark db update}: fetch the OSV archives of the ecosystems Bulwark scans. */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch <SOURCE>/<Ecosystem>/all.zip for each ecosystem and replace that ecosystem's advisories. Requests",
      "are conditional: an archive unchanged since the last update is not downloaded again. Nothing is",
      "replaced unless every archive was fetched and read; other sources (imports, other ecosystems) are kept."
    })
final class DbUpdateCommand implements Callable<Integer> {
  @Option(names = "--source", paramLabel = "URL|PATH",
      description = "Base URL, or a directory laid out the same way (default: ${DEFAULT-VALUE}).")
  String source = AdvisoryUpdater.DEFAULT_SOURCE;

  @Option(names = "--ecosystem", paramLabel = "ECOSYSTEM",
      description = "An OSV ecosystem to fetch (repeatable; default: every ecosystem Bulwark's inventory reports:"
          + " Debian, Ubuntu, Alpine, AlmaLinux, Rocky Linux, Red Hat, SUSE, openSUSE, Wolfi, Chainguard, Go, npm,"
          + " Maven, PyPI, RubyGems, NuGet, Packagist, crates.io).")
  List<String> ecosystems;

  @Option(names = "--force", description = "Accept an archive that would leave an ecosystem with no advisories.")
  boolean force;

  @Mixin DbOptions dbOptions;

  @Spec CommandSpec spec;

  private final Map<String, String> environment;

  DbUpdateCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path db = dbOptions.location(environment);
    AdvisoryUpdater.Options options = new AdvisoryUpdater.Options(source,
        ecosystems == null || ecosystems.isEmpty() ? AdvisoryUpdater.DEFAULT_ECOSYSTEMS : ecosystems, force,
        RetryPolicy.DEFAULT, AdvisoryUpdater.MAX_ARCHIVE_BYTES);
    DbProgress progress = Terminal.stderrIsTerminal(environment) ? new DbProgressDisplay(err) : DbProgress.NONE;
    AdvisoryUpdater.Result result = new AdvisoryUpdater().update(db, options, Clock.systemUTC(), progress);
    result.notes().forEach(note -> err.println("bulwark: warning: " + Terminal.sanitize(note)));
    for (AdvisoryUpdater.EcosystemResult ecosystem : result.ecosystems()) {
      if (ecosystem.report().isPresent()) {
        out.println(DbReports.sourceLine(ecosystem.report().orElseThrow()));
        DbReports.rejections(ecosystem.report().orElseThrow(), err);
      } else {
        out.println(Terminal.sanitize(AdvisoryUpdater.sourceName(ecosystem.ecosystem())) + ": not modified");
      }
    }
    out.println(DbReports.totals(result.metadata()));
    out.flush();
    err.flush();
    return 0;
  }
}
