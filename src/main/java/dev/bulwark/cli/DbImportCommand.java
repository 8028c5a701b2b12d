package dev.bulwark.cli;

import dev.bulwark.vuln.db.AdvisoryImporter;
import dev.bulwark.vuln.db.DbProgress;
import dev.bulwark.vuln.db.SourceReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bulwark db import PATH...}: add OSV advisories from files, directories and archives. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Add OSV advisories (schema 1.6, JSON or YAML) to the database: files, directories of them (recursively),",
      "and zip archives in osv.dev's layout (<Ecosystem>/all.zip). Each PATH is one source: importing the same",
      "PATH again replaces what it brought before; other sources are kept. Withdrawn advisories are dropped."
    })
final class DbImportCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "OSV files, directories or zip archives.")
  List<Path> paths;

  @Mixin DbOptions dbOptions;

  @Spec CommandSpec spec;

  private final Map<String, String> environment;

  DbImportCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path db = dbOptions.location(environment);
    DbProgress progress = Terminal.stderrIsTerminal(environment) ? new DbProgressDisplay(err) : DbProgress.NONE;
    AdvisoryImporter.Result result = AdvisoryImporter.importPaths(db, paths, Clock.systemUTC(), progress);
    result.notes().forEach(note -> err.println("bulwark: warning: " + Terminal.sanitize(note)));
    for (SourceReport report : result.sources()) {
      out.println(DbReports.sourceLine(report));
      DbReports.rejections(report, err);
    }
    out.println(DbReports.totals(result.metadata()));
    out.flush();
    err.flush();
    return 0;
  }
}
