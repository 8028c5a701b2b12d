package dev.bulwark.cli;

import dev.bulwark.vuln.db.DbLocation;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --db PATH}, shared by the db subcommands (and, later, scan). */
final class DbOptions {
  @Option(names = "--db", paramLabel = "PATH",
      description = "The advisory database file (default: $BULWARK_DB, else $XDG_CACHE_HOME/bulwark/db/advisories.db"
          + " or ~/.cache/bulwark/db/advisories.db).")
  Path db;

  Path location(Map<String, String> environment) {
    return DbLocation.resolve(Optional.ofNullable(db), environment);
  }
}
