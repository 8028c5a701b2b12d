package dev.bulwark.inventory.rpm;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.Analyzer;
import dev.bulwark.inventory.Fact;
import dev.bulwark.layer.LayerEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the packages in rpm's database, whichever of its three backends wrote it: sqlite
 * ({@code rpmdb.sqlite}), Berkeley DB ({@code Packages}) or ndb ({@code Packages.db}), in
 * {@code /var/lib/rpm} or {@code /usr/lib/sysimage/rpm}. The backend is told by the file's magic.
 *
 * <p>A database that cannot be read as a whole throws: a partial package list of the operating
 * system must not pass as a complete one. A single damaged header in a readable database is skipped
 * with a warning. Imported signing keys ({@code gpg-pubkey}) are not packages and are left out.
 */
public final class RpmDatabaseAnalyzer implements Analyzer {
  /** Most header records one database may hold; real systems have a few thousand packages. */
  static final int MAX_RECORDS = 200_000;
  /** Most warnings reported for one database; past this they are counted. */
  static final int MAX_WARNINGS = 100;

  @Override
  public String type() {
    return "rpm-db";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(LayerEntry entry) {
    return switch (entry.path()) {
      case "/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages", "/var/lib/rpm/Packages.db",
           "/usr/lib/sysimage/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/Packages",
           "/usr/lib/sysimage/rpm/Packages.db" -> true;
      default -> false;
    };
  }

  @Override
  public List<Fact> analyze(AnalyzedFile file) throws IOException {
    if (file.size() == 0) {
      return List.of(new Fact.Warning("rpm database " + file.path() + ": empty file, no packages recorded"));
    }
    Collector collector = new Collector(file.path());
    try (DatabaseFile db = DatabaseFile.open(file.file(), file.path())) {
      switch (RpmDatabaseFormat.detect(db)) {
        case SQLITE -> SqlitePackages.read(db, collector);
        case BERKELEY_HASH -> BerkeleyHashPackages.read(db, collector);
        case NDB -> NdbPackages.read(db, collector);
      }
    } catch (IOException e) {
      throw new InputException("rpm database " + file.path() + ": unreadable: " + e.getMessage(), e);
    }
    return collector.facts();
  }

  /** Turns blobs into facts, counting what could not be read. */
  private static final class Collector implements BlobVisitor {
    private final String path;
    private final List<Fact> packages = new ArrayList<>();
    private final List<Fact> warnings = new ArrayList<>();
    private int moreWarnings;
    private int records;
    private int unreadable;
    private String firstProblem = "";

    Collector(String path) {
      this.path = path;
    }

    @Override
    public void blob(String record, byte[] blob) {
      count();
      try {
        RpmHeader header = RpmHeader.parse(blob);
        RpmPackages.toRecord(header, this::warn).ifPresent(r -> packages.add(new Fact.FoundPackage(r)));
      } catch (MalformedHeaderException e) {
        skipped(record, e.getMessage());
      }
    }

    @Override
    public void unreadable(String record, String reason) {
      count();
      skipped(record, reason);
    }

    @Override
    public void note(String message) {
      warn(message);
    }

    private void skipped(String record, String reason) {
      unreadable++;
      String problem = record + " skipped: " + reason;
      if (firstProblem.isEmpty()) {
        firstProblem = problem;
      }
      warn(problem);
    }

    private void warn(String message) {
      if (warnings.size() < MAX_WARNINGS) {
        warnings.add(new Fact.Warning("rpm database " + path + ": " + message));
      } else {
        moreWarnings++;
      }
    }

    private void count() {
      if (++records > MAX_RECORDS) {
        throw new LimitExceededException("rpm database " + path, "package records", MAX_RECORDS);
      }
    }

    List<Fact> facts() {
      if (unreadable > 0 && unreadable == records) {
        throw new InputException("rpm database " + path + ": none of its " + records
            + " package records is readable; " + firstProblem);
      }
      List<Fact> facts = new ArrayList<>(packages.size() + warnings.size() + 1);
      facts.addAll(packages);
      facts.addAll(warnings);
      if (moreWarnings > 0) {
        facts.add(new Fact.Warning("rpm database " + path + ": " + moreWarnings + " more warnings"));
      }
      return facts;
    }
  }
}
