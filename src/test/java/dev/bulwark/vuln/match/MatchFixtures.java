package dev.bulwark.vuln.match;

import dev.bulwark.inventory.ImageSummary;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.inventory.PackageUrls;
import dev.bulwark.inventory.distro.Distro;
import dev.bulwark.vuln.db.AdvisoryImporter;
import dev.bulwark.vuln.db.DbProgress;
import dev.bulwark.vuln.db.SqliteAdvisoryStore;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The real advisory records under {@code src/test/resources/vuln/match} (see NOTICE.d/matchtest.md),
 * imported into a database by the real importer, and inventories built from plain package records.
 */
public final class MatchFixtures {
  /** The shared fixture set beside the project, when present (complete feeds, GHSA samples). */
  public static final Path SHARED = shared();
  static final Instant NOW = Instant.parse("2026-09-01T00:00:00Z");

  private MatchFixtures() {}

  /** A resource directory under {@code vuln/match}. */
  public static Path resource(String relative) {
    try {
      return Path.of(MatchFixtures.class.getResource("/vuln/match/" + relative).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource vuln/match/" + relative, e);
    }
  }

  /** The GHSA samples, as the advisory-database tests keep them ({@code vuln/osv/ghsa}). */
  public static Path ghsaSamples() {
    try {
      return Path.of(MatchFixtures.class.getResource("/vuln/osv/ghsa").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Imports the paths (each one source) into a new database at {@code db} and opens it. */
  public static SqliteAdvisoryStore store(Path db, Path... sources) {
    AdvisoryImporter.importPaths(db, Arrays.asList(sources), Clock.fixed(NOW, ZoneOffset.UTC), DbProgress.NONE);
    return SqliteAdvisoryStore.open(db);
  }

  static Optional<Distro> distro(String spec) {
    if (spec.equals("-")) {
      return Optional.empty();
    }
    // id:version[@branch]
    String[] idAndRest = spec.split(":", 2);
    String version = idAndRest[1];
    Optional<String> branch = Optional.empty();
    int at = version.indexOf('@');
    if (at >= 0) {
      branch = Optional.of(version.substring(at + 1));
      version = version.substring(0, at);
    }
    String id = idAndRest[0].toLowerCase(Locale.ROOT);
    return Optional.of(new Distro(id, version, id, id + " " + version, Optional.empty(), branch));
  }

  /** A package as the inventory places it: layer 0, found at {@code /test}. */
  static Package placed(PackageRecord record, Optional<Distro> distro, Optional<String> ownedBy) {
    String purl = PackageUrls.of(record, distro).orElse("pkg:generic/" + record.name() + "@" + record.version());
    return new Package(record, purl, 0, Optional.empty(), List.of("/test"), ownedBy, "test");
  }

  static Inventory inventory(Optional<Distro> distro, List<Package> packages) {
    ImageSummary image = new ImageSummary("test", Optional.empty(), Optional.empty(), "linux", "amd64", List.of(),
        List.of(), List.of());
    return new Inventory(image, distro, packages, List.of());
  }

  static PackageRecord.Builder record(PackageType type, String name, String version) {
    return PackageRecord.builder(type, name, version);
  }

  static Path shared() {
    for (String candidate : List.of(System.getProperty("bulwark.sharedFixtures", "../shared/fixtures"),
        "/work/shared/fixtures")) {
      Path path = Path.of(candidate).toAbsolutePath().normalize();
      if (Files.isDirectory(path)) {
        return path;
      }
    }
    return Path.of("../shared/fixtures").toAbsolutePath().normalize();
  }
}
