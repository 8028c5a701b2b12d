package dev.bulwark.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bulwark db}: the advisory database; it only groups the subcommands. */
@Command(
    name = "db",
    header = "Build and inspect the advisory database.",
    mixinStandardHelpOptions = true,
    description = {
      "Manage the advisory database the scanner matches against: OSV advisories kept in one SQLite file",
      "(--db PATH, else $BULWARK_DB, else $XDG_CACHE_HOME/bulwark/db/advisories.db or",
      "~/.cache/bulwark/db/advisories.db). Every change writes a new file and renames it into place, so",
      "a failed or interrupted import or update leaves the previous database working."
    },
    subcommands = {DbUpdateCommand.class, DbImportCommand.class, DbInfoCommand.class})
final class DbCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
