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
import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Affected;
import dev.bulwark.vuln.advisory.Event;
import dev.bulwark.vuln.advisory.Range;
import dev.bulwark.vuln.advisory.RangeType;
import dev.bulwark.vuln.version.VersionScheme;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

  public static Optional<Distro> distro(String spec) {
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
  public static Package placed(PackageRecord record, Optional<Distro> distro, Optional<String> ownedBy) {
    String purl = PackageUrls.of(record, distro).orElse("pkg:generic/" + record.name() + "@" + record.version());
    return new Package(record, purl, 0, Optional.empty(), List.of("/test"), ownedBy, "test");
  }

  public static Inventory inventory(Optional<Distro> distro, List<Package> packages) {
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

  /**
   * A plain reading of OSV ranges, written apart from {@link AffectedEvaluator}, for checking it on
   * whole feeds: for each range of the advisory's entries naming the package that holds the version,
   * the fix that closes the span holding it ({@code ""} when none does). Empty when no range holds it.
   * A range holds a version when the last event at or below it (in version order, "0" lowest) is an
   * introduced one, or it equals a last_affected version closing an open span.
   */
  public static List<String> rangeFixes(Advisory advisory, String ecosystem, String name, String version,
      VersionScheme scheme) {
    List<String> fixes = new ArrayList<>();
    for (Affected entry : advisory.affected()) {
      if (entry.pkg().isEmpty() || !entry.pkg().orElseThrow().name().equals(name)
          || !entry.pkg().orElseThrow().ecosystem().name().equals(ecosystem)) {
        continue;
      }
      for (Range range : entry.ranges()) {
        if (range.type() == RangeType.GIT) {
          continue;
        }
        List<Event> events =
            new ArrayList<>(range.events().stream().filter(e -> e.kind() != Event.Kind.LIMIT).toList());
        events.sort((a, b) -> a.isIntroducedAtZero() ? -1
            : b.isIntroducedAtZero() ? 1
            : scheme.compare(a.version(), b.version()));
        Event last = null;
        int i = 0;
        boolean inside = false;
        for (; i < events.size(); i++) {
          Event event = events.get(i);
          int c = event.isIntroducedAtZero() ? -1 : scheme.compare(event.version(), version);
          if (c > 0) {
            break;
          }
          if (c == 0 && event.kind() == Event.Kind.LAST_AFFECTED) {
            inside = last != null && last.kind() == Event.Kind.INTRODUCED;
            last = null;
            i = events.size();
            break;
          }
          last = event;
        }
        if (inside) {
          fixes.add("");
        } else if (last != null && last.kind() == Event.Kind.INTRODUCED) {
          String fix = "";
          for (; i < events.size(); i++) {
            if (events.get(i).kind() == Event.Kind.FIXED) {
              fix = events.get(i).version();
              break;
            }
            if (events.get(i).kind() == Event.Kind.LAST_AFFECTED) {
              break;
            }
          }
          fixes.add(fix);
        }
      }
    }
    return fixes;
  }
}
