package dev.bulwark.vuln.db;

import dev.bulwark.InputException;
import dev.bulwark.UsageException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code db update}: fetches {@code <base>/<Ecosystem>/all.zip} for each ecosystem (osv.dev's layout) from
 * a URL or a local directory, and replaces the data of each source whose archive changed; a source
 * answered with 304 Not Modified (or, locally, an archive with the same hash) keeps its data. All
 * archives are fetched and read before anything is replaced, into a new file renamed over the old one:
 * any failure leaves the previous database as it was. Sources not named (other ecosystems, imports) are kept.
 */
public final class AdvisoryUpdater {
  public static final String DEFAULT_SOURCE = "https://osv-vulnerabilities.storage.googleapis.com";
  /** The OSV ecosystems of every package kind Bulwark's inventory reports. */
  public static final List<String> DEFAULT_ECOSYSTEMS = List.of("Debian", "Ubuntu", "Alpine", "AlmaLinux",
      "Rocky Linux", "Red Hat", "SUSE", "openSUSE", "Wolfi", "Chainguard", "Go", "npm", "Maven", "PyPI", "RubyGems",
      "NuGet", "Packagist", "crates.io");
  /** One archive larger than this is refused (osv.dev's largest, Debian and Ubuntu, are far smaller). */
  public static final long MAX_ARCHIVE_BYTES = 4L << 30;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * @param source a base URL ({@code http:}/{@code https:}) or a directory laid out the same way
   * @param ecosystems OSV ecosystem names, as in the archive paths ({@code Rocky Linux}, {@code crates.io})
   * @param force accept an archive that would leave a source with no advisories
   */
  public record Options(String source, List<String> ecosystems, boolean force, RetryPolicy retry, long maxArchiveBytes) {
    public Options {
      ecosystems = List.copyOf(ecosystems);
      if (ecosystems.isEmpty()) {
        throw new UsageException("no ecosystems to update");
      }
      for (String ecosystem : ecosystems) {
        if (ecosystem.isBlank() || ecosystem.contains("/") || ecosystem.contains("..") || ecosystem.contains(":")) {
          throw new UsageException("'" + ecosystem + "' is not an OSV ecosystem name (e.g. Debian, PyPI, Rocky Linux)");
        }
      }
    }

    public static Options defaults() {
      return new Options(DEFAULT_SOURCE, DEFAULT_ECOSYSTEMS, false, RetryPolicy.DEFAULT, MAX_ARCHIVE_BYTES);
    }
  }

  /** What happened to one ecosystem's source. */
  public record EcosystemResult(String ecosystem, String location, boolean changed, Optional<SourceReport> report) {}

  public record Result(StoreMetadata metadata, List<EcosystemResult> ecosystems, List<String> notes) {
    public Result {
      ecosystems = List.copyOf(ecosystems);
      notes = List.copyOf(notes);
    }
  }

  private final HttpClient client;
  private final ArchiveFetcher.Sleeper sleeper;

  public AdvisoryUpdater() {
    this(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build(),
        duration -> Thread.sleep(duration));
  }

  AdvisoryUpdater(HttpClient client, ArchiveFetcher.Sleeper sleeper) {
    this.client = client;
    this.sleeper = sleeper;
  }

  public static String sourceName(String ecosystem) {
    return "osv:" + ecosystem;
  }

  public Result update(Path database, Options options, Clock clock, DbProgress progress) {
    boolean remote = options.source().startsWith("http://") || options.source().startsWith("https://");
    Path localBase = remote ? null : localBase(options.source());
    ArchiveFetcher fetcher = new ArchiveFetcher(client, options.retry(), options.maxArchiveBytes(), sleeper);
    List<String> notes = new ArrayList<>();
    List<Path> downloads = new ArrayList<>();
    Instant now = clock.instant();
    try (DatabaseBuilder builder = DatabaseBuilder.open(database)) {
      builder.previousProblem().ifPresent(problem ->
          notes.add("the existing database could not be read (" + problem + "); it is replaced by a new one"));
      Map<String, SourceInfo> previous = builder.previousSources();
      Map<String, ArchiveFetcher.Result> fetched = new LinkedHashMap<>();
      Map<String, String> locations = new HashMap<>();
      for (String ecosystem : options.ecosystems()) {
        String name = sourceName(ecosystem);
        Optional<SourceInfo> before = Optional.ofNullable(previous.get(name));
        ArchiveFetcher.Result result;
        if (remote) {
          URI uri = archiveUri(options.source(), ecosystem);
          locations.put(name, uri.toString());
          Path into = temporaryBeside(database);
          downloads.add(into);
          result = fetcher.fetch(uri, before.filter(b -> b.location().equals(uri.toString())), into, progress);
        } else {
          Path archive = localBase.resolve(ecosystem).resolve("all.zip");
          locations.put(name, archive.toString());
          result = fetcher.local(archive, before.filter(b -> b.location().equals(archive.toString())));
        }
        fetched.put(name, result);
      }
      Map<String, Instant> checked = new HashMap<>();
      List<String> replaced = new ArrayList<>();
      fetched.forEach((name, result) -> {
        if (result instanceof ArchiveFetcher.NotModified) {
          checked.put(name, now);
        } else {
          replaced.add(name);
        }
      });
      builder.carryOver(java.util.Set.copyOf(replaced), checked);
      List<EcosystemResult> results = new ArrayList<>();
      try (ImportPipeline pipeline = new ImportPipeline()) {
        for (String ecosystem : options.ecosystems()) {
          String name = sourceName(ecosystem);
          String location = locations.get(name);
          if (!(fetched.get(name) instanceof ArchiveFetcher.Fetched archive)) {
            results.add(new EcosystemResult(ecosystem, location, false, Optional.empty()));
            continue;
          }
          progress.reading(location);
          SourceReport report = pipeline.run(builder, name,
              sink -> OsvDocuments.readArchive(archive.file(), location, sink), progress::documents);
          long before = Optional.ofNullable(previous.get(name)).map(SourceInfo::advisoryCount).orElse(0L);
          if (report.stored() == 0 && before > 0 && !options.force()) {
            throw new InputException(location + ": the archive holds no advisories, and the database has " + before
                + " from it; refusing to empty the source (use --force to accept)");
          }
          if (report.documents() > 0 && report.rejected() == report.documents()) {
            AdvisoryImporter.requireAdvisories(location, report);
          }
          builder.putSource(new SourceInfo(name, SourceInfo.Kind.ARCHIVE, location, now, now, archive.etag(),
              archive.lastModified(), Optional.of(archive.sha256()), 0, report.withdrawn(), report.rejected()));
          results.add(new EcosystemResult(ecosystem, location, true, Optional.of(report)));
        }
      }
      StoreMetadata metadata = builder.commit(now);
      return new Result(metadata, results, notes);
    } finally {
      for (Path download : downloads) {
        try {
          Files.deleteIfExists(download);
        } catch (IOException ignored) {
          // A leftover is removed by the next build.
        }
      }
      progress.finished();
    }
  }

  /** {@code <base>/<Ecosystem>/all.zip}, the ecosystem percent-encoded ({@code Rocky%20Linux}). */
  static URI archiveUri(String base, String ecosystem) {
    String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    String encoded = URLEncoder.encode(ecosystem, StandardCharsets.UTF_8).replace("+", "%20");
    try {
      return URI.create(trimmed + "/" + encoded + "/all.zip");
    } catch (IllegalArgumentException e) {
      throw new UsageException("--source: '" + base + "' is not a valid URL");
    }
  }

  private static Path localBase(String source) {
    Path base = Path.of(source.startsWith("file:") ? URI.create(source).getPath() : source).toAbsolutePath().normalize();
    if (!Files.isDirectory(base)) {
      throw new InputException(base + ": no such directory (--source takes a URL or a directory of <Ecosystem>/all.zip)");
    }
    return base;
  }

  private static Path temporaryBeside(Path database) {
    Path absolute = database.toAbsolutePath().normalize();
    try {
      // Named like the builder's temporary files, so an interrupted run's leftovers are removed by the next.
      return Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
    } catch (IOException e) {
      throw new InputException("cannot create a download file beside " + absolute + ": " + e.getMessage(), e);
    }
  }
}
