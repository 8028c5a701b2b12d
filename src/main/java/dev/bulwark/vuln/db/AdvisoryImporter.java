package dev.bulwark.vuln.db;

import dev.bulwark.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code db import}: adds OSV files, directories and archives to the database. Each path given is one
 * source, named {@code import:<absolute path>}; importing a path again replaces what was imported from it
 * before, and every other source (other imports, fetched archives) is kept. The result is written to a
 * new file that replaces the database only once complete.
 */
public final class AdvisoryImporter {
  private AdvisoryImporter() {}

  /**
   * @param metadata the database after the import
   * @param sources what each path contributed
   * @param notes things the user should know (an unreadable previous database was replaced)
   */
  public record Result(StoreMetadata metadata, List<SourceReport> sources, List<String> notes) {
    public Result {
      sources = List.copyOf(sources);
      notes = List.copyOf(notes);
    }
  }

  public static Result importPaths(Path database, List<Path> inputs, Clock clock, DbProgress progress) {
    Map<String, Path> byName = new LinkedHashMap<>();
    for (Path input : inputs) {
      Path absolute = input.toAbsolutePath().normalize();
      if (!Files.exists(absolute)) {
        throw new InputException(absolute + ": no such file or directory");
      }
      byName.put("import:" + absolute, absolute);
    }
    if (byName.isEmpty()) {
      throw new IllegalArgumentException("nothing to import");
    }
    Instant now = clock.instant();
    List<SourceReport> reports = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    try (DatabaseBuilder builder = DatabaseBuilder.open(database); ImportPipeline pipeline = new ImportPipeline()) {
      builder.previousProblem().ifPresent(problem ->
          notes.add("the existing database could not be read (" + problem + "); it is replaced by a new one"));
      builder.carryOver(byName.keySet(), Map.of());
      for (Map.Entry<String, Path> entry : byName.entrySet()) {
        Path path = entry.getValue();
        progress.reading(path.toString());
        SourceReport report = pipeline.run(builder, entry.getKey(), sink -> OsvDocuments.read(path, sink),
            progress::documents);
        requireAdvisories(path.toString(), report);
        reports.add(report);
        builder.putSource(new SourceInfo(entry.getKey(), SourceInfo.Kind.IMPORT, path.toString(), now, now,
            Optional.empty(), Optional.empty(), Optional.empty(), 0, report.withdrawn(), report.rejected()));
      }
      StoreMetadata metadata = builder.commit(now);
      return new Result(metadata, reports, notes);
    } finally {
      progress.finished();
    }
  }

  /** A path with nothing usable in it is a mistake worth stopping for, not an empty source. */
  static void requireAdvisories(String what, SourceReport report) {
    if (report.documents() == 0) {
      throw new InputException(what + ": no OSV documents (.json, .yaml, .yml, or zip archives of them)");
    }
    if (report.rejected() == report.documents()) {
      throw new InputException(what + ": none of its " + report.documents() + " documents is a valid OSV advisory"
          + (report.rejections().isEmpty() ? "" : " (first: " + report.rejections().getFirst() + ")"));
    }
  }
}
