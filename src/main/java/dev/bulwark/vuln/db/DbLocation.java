package dev.bulwark.vuln.db;

import dev.bulwark.UsageException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the advisory database is: {@code --db PATH}, else {@code $BULWARK_DB}, else
 * {@code $XDG_CACHE_HOME/bulwark/db/advisories.db}, else {@code ~/.cache/bulwark/db/advisories.db}.
 * The environment is passed in; nothing here reads it.
 */
public final class DbLocation {
  public static final String FILE_NAME = "advisories.db";

  private DbLocation() {}

  public static Path resolve(Optional<Path> option, Map<String, String> environment) {
    if (option.isPresent()) {
      return option.orElseThrow().toAbsolutePath().normalize();
    }
    String explicit = environment.get("BULWARK_DB");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath().normalize();
    }
    String cache = environment.get("XDG_CACHE_HOME");
    if (cache != null && !cache.isBlank() && Path.of(cache).isAbsolute()) {
      return Path.of(cache, "bulwark", "db", FILE_NAME).normalize();
    }
    String home = environment.get("HOME");
    if (home == null || home.isBlank()) {
      throw new UsageException("cannot tell where the advisory database is: set --db, BULWARK_DB or HOME");
    }
    return Path.of(home, ".cache", "bulwark", "db", FILE_NAME).normalize();
  }
}
