package dev.bulwark.vuln.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.InputException;
import dev.bulwark.vuln.advisory.Ecosystem;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db update} against an HTTP server on 127.0.0.1 serving archives built from the fixture feeds. */
class AdvisoryUpdaterTest {
  static final Clock FIRST = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);
  static final Clock LATER = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path temp;
  HttpServer server;
  /** Per path: the responses to give, in order; the last repeats. */
  final Map<String, List<Reply>> script = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  sealed interface Reply {}

  record Archive(byte[] body, String etag) implements Reply {}

  record Truncated(byte[] body) implements Reply {}

  record Status(int code) implements Reply {}

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    requests.add(path + (ifNoneMatch == null ? "" : " If-None-Match:" + ifNoneMatch));
    List<Reply> replies = script.getOrDefault(path, List.of(new Status(404)));
    Reply reply = replies.size() > 1 ? replies.removeFirst() : replies.getFirst();
    try (exchange) {
      switch (reply) {
        case Archive a -> {
          if (a.etag().equals(ifNoneMatch)) {
            exchange.sendResponseHeaders(304, -1);
            return;
          }
          exchange.getResponseHeaders().add("ETag", a.etag());
          exchange.getResponseHeaders().add("Last-Modified", "Fri, 20 Nov 2026 09:00:00 GMT");
          exchange.sendResponseHeaders(200, a.body().length);
          exchange.getResponseBody().write(a.body());
        }
        case Truncated t -> {
          exchange.sendResponseHeaders(200, t.body().length);
          OutputStream out = exchange.getResponseBody();
          out.write(t.body(), 0, t.body().length / 2);
          out.flush();
          // Closing early: the server drops the connection short of the announced length.
        }
        case Status s -> exchange.sendResponseHeaders(s.code(), -1);
      }
    } catch (IOException expected) {
      // The truncated reply ends this way.
    }
  }

  void serve(String ecosystem, Reply... replies) {
    script.put("/" + ecosystem.replace(" ", "%20") + "/all.zip", new ArrayList<>(List.of(replies)));
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  Path db() {
    return temp.resolve("db/advisories.db");
  }

  AdvisoryUpdater.Result update(Clock clock, boolean force, String... ecosystems) {
    AdvisoryUpdater updater = new AdvisoryUpdater(HttpClient.newHttpClient(), sleeps::add);
    return updater.update(db(), new AdvisoryUpdater.Options(base(), List.of(ecosystems), force,
        new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(4)), AdvisoryUpdater.MAX_ARCHIVE_BYTES), clock,
        DbProgress.NONE);
  }

  void assertNoLeftovers() throws IOException {
    try (Stream<Path> files = Files.list(db().getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("advisories.db",
          "advisories.db.lock");
    }
  }

  @Nested
  class Fetching {
    @Test
    void fetchesEachEcosystemThenAsksConditionally() throws Exception {
      serve("Go", new Archive(DbFixtures.zipOf(DbFixtures.osv("go")), "\"go-1\""));
      serve("PyPI", new Archive(DbFixtures.zipOf(DbFixtures.osv("pypa")), "\"pypi-1\""));
      AdvisoryUpdater.Result first = update(FIRST, false, "Go", "PyPI");
      assertThat(first.ecosystems()).allSatisfy(e -> assertThat(e.changed()).isTrue());
      assertThat(first.metadata().advisoryCount()).isEqualTo(4);

      AdvisoryUpdater.Result second = update(LATER, false, "Go", "PyPI");
      assertThat(second.ecosystems()).allSatisfy(e -> assertThat(e.changed()).isFalse());
      assertThat(requests).containsExactly("/Go/all.zip", "/PyPI/all.zip", "/Go/all.zip If-None-Match:\"go-1\"",
          "/PyPI/all.zip If-None-Match:\"pypi-1\"");
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        StoreMetadata metadata = store.metadata();
        assertThat(metadata.advisoryCount()).isEqualTo(4);
        assertThat(metadata.builtAt()).isEqualTo(LATER.instant());
        assertThat(metadata.sources()).extracting(SourceInfo::name).containsExactly("osv:Go", "osv:PyPI");
        assertThat(metadata.sources()).allSatisfy(s -> {
          assertThat(s.kind()).isEqualTo(SourceInfo.Kind.ARCHIVE);
          assertThat(s.retrievedAt()).isEqualTo(FIRST.instant());
          assertThat(s.checkedAt()).isEqualTo(LATER.instant());
          assertThat(s.lastModified()).contains("Fri, 20 Nov 2026 09:00:00 GMT");
          assertThat(s.sha256()).isPresent();
        });
        assertThat(store.advisoriesFor(Ecosystem.of("PyPI"), "jinja2")).hasSize(1);
      }
      assertNoLeftovers();
    }

    @Test
    void aChangedArchiveReplacesOnlyItsOwnSource() throws Exception {
      serve("Go", new Archive(DbFixtures.zipOf(DbFixtures.osv("go")), "\"go-1\""));
      serve("npm", new Archive(DbFixtures.zipOf(DbFixtures.osv("ghsa")), "\"npm-1\""));
      update(FIRST, false, "Go", "npm");
      serve("Go", new Archive(DbFixtures.zipOf(DbFixtures.osv("go"), DbFixtures.osv("osvdev")), "\"go-2\""));
      AdvisoryUpdater.Result result = update(LATER, false, "Go");
      assertThat(result.ecosystems()).singleElement().satisfies(e -> assertThat(e.changed()).isTrue());
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(store.advisoriesFor(Ecosystem.of("Debian:7"), "nginx")).hasSize(1);
        assertThat(store.advisoriesFor(Ecosystem.of("npm"), "lodash")).hasSize(3);
        assertThat(store.metadata().sources()).filteredOn(s -> s.name().equals("osv:npm"))
            .singleElement().satisfies(s -> assertThat(s.retrievedAt()).isEqualTo(FIRST.instant()));
      }
    }

    @Test
    void ecosystemNamesArePercentEncoded() throws Exception {
      serve("Rocky Linux", new Archive(DbFixtures.zipOf(DbFixtures.osv("rocky")), "\"r\""));
      update(FIRST, false, "Rocky Linux");
      assertThat(requests).containsExactly("/Rocky%20Linux/all.zip");
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(store.advisoriesFor(Ecosystem.of("Rocky Linux:8"), "firefox")).hasSize(1);
      }
    }

    @Test
    void aServerErrorIsRetried() throws Exception {
      serve("Go", new Status(500), new Archive(DbFixtures.zipOf(DbFixtures.osv("go")), "\"go-1\""));
      AdvisoryUpdater.Result result = update(FIRST, false, "Go");
      assertThat(result.metadata().advisoryCount()).isEqualTo(2);
      assertThat(requests).containsExactly("/Go/all.zip", "/Go/all.zip");
      assertThat(sleeps).containsExactly(Duration.ofMillis(1));
    }

    @Test
    void aLocalDirectoryServesAsSource(@TempDir Path mirror) throws Exception {
      DbFixtures.writeZip(mirror.resolve("Go/all.zip"), DbFixtures.osv("go"));
      AdvisoryUpdater updater = new AdvisoryUpdater(HttpClient.newHttpClient(), sleeps::add);
      AdvisoryUpdater.Options options = new AdvisoryUpdater.Options(mirror.toString(), List.of("Go"), false,
          RetryPolicy.DEFAULT, AdvisoryUpdater.MAX_ARCHIVE_BYTES);
      assertThat(updater.update(db(), options, FIRST, DbProgress.NONE).ecosystems().getFirst().changed()).isTrue();
      assertThat(updater.update(db(), options, LATER, DbProgress.NONE).ecosystems().getFirst().changed()).isFalse();
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(store.advisoriesFor(Ecosystem.of("Go"), "stdlib")).hasSize(1);
      }
    }
  }

  @Nested
  class Failures {
    void seed() throws IOException {
      serve("Go", new Archive(DbFixtures.zipOf(DbFixtures.osv("go")), "\"go-1\""));
      serve("PyPI", new Archive(DbFixtures.zipOf(DbFixtures.osv("pypa")), "\"pypi-1\""));
      update(FIRST, false, "Go", "PyPI");
      requests.clear();
    }

    void assertPreviousDatabaseIntact(String sha) throws Exception {
      assertThat(DbFixtures.sha256(db())).isEqualTo(sha);
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(store.advisoriesFor(Ecosystem.of("Go"), "stdlib")).hasSize(1);
        assertThat(store.advisoriesFor(Ecosystem.of("PyPI"), "jinja2")).hasSize(1);
      }
      assertNoLeftovers();
    }

    @Test
    void aTruncatedBodyFailsAfterRetriesAndNamesTheUrl() throws Exception {
      seed();
      String sha = DbFixtures.sha256(db());
      serve("Go", new Truncated(DbFixtures.zipOf(DbFixtures.osv("go"))));
      assertThatThrownBy(() -> update(LATER, false, "Go", "PyPI")).isInstanceOf(InputException.class)
          .hasMessageContaining(base() + "/Go/all.zip").hasMessageContaining("after 3 attempts");
      assertThat(requests).hasSize(3);
      assertPreviousDatabaseIntact(sha);
    }

    @Test
    void aCorruptArchiveFailsAndNamesTheUrl() throws Exception {
      seed();
      String sha = DbFixtures.sha256(db());
      byte[] zip = DbFixtures.zipOf(DbFixtures.osv("pypa"));
      zip[60] ^= 0x55;
      serve("PyPI", new Archive(zip, "\"pypi-2\""));
      assertThatThrownBy(() -> update(LATER, false, "Go", "PyPI")).isInstanceOf(InputException.class)
          .hasMessageContaining(base() + "/PyPI/all.zip");
      assertPreviousDatabaseIntact(sha);
    }

    @Test
    void notAZipAtAllFails() throws Exception {
      seed();
      String sha = DbFixtures.sha256(db());
      serve("Go", new Archive("<html>maintenance</html>".getBytes(StandardCharsets.UTF_8), "\"html\""));
      assertThatThrownBy(() -> update(LATER, false, "Go")).isInstanceOf(InputException.class)
          .hasMessageContaining(base() + "/Go/all.zip").hasMessageContaining("not a valid zip archive");
      assertPreviousDatabaseIntact(sha);
    }

    @Test
    void aFailureOnALaterEcosystemLeavesTheDatabaseUntouched() throws Exception {
      seed();
      String sha = DbFixtures.sha256(db());
      serve("Go", new Archive(DbFixtures.zipOf(DbFixtures.osv("go"), DbFixtures.osv("ghsa")), "\"go-2\""));
      serve("PyPI", new Status(503));
      assertThatThrownBy(() -> update(LATER, false, "Go", "PyPI")).isInstanceOf(InputException.class)
          .hasMessageContaining(base() + "/PyPI/all.zip").hasMessageContaining("HTTP 503");
      assertPreviousDatabaseIntact(sha);
    }

    @Test
    void aMissingArchiveIsNotRetried() throws Exception {
      assertThatThrownBy(() -> update(FIRST, false, "NoSuchEcosystem")).isInstanceOf(InputException.class)
          .hasMessageContaining("HTTP 404");
      assertThat(requests).hasSize(1);
      assertThat(db()).doesNotExist();
    }

    @Test
    void anArchiveThatWouldEmptyASourceIsRefusedUnlessForced() throws Exception {
      seed();
      String sha = DbFixtures.sha256(db());
      byte[] empty = DbFixtures.zipOf();
      serve("Go", new Archive(empty, "\"empty\""));
      assertThatThrownBy(() -> update(LATER, false, "Go")).isInstanceOf(InputException.class)
          .hasMessageContaining("refusing to empty").hasMessageContaining("--force");
      assertPreviousDatabaseIntact(sha);
      update(LATER, true, "Go");
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(store.advisoriesFor(Ecosystem.of("Go"), "stdlib")).isEmpty();
        assertThat(store.advisoriesFor(Ecosystem.of("PyPI"), "jinja2")).hasSize(1);
      }
    }

    @Test
    void anInterruptedBuildLeavesTheOldDatabaseAndItsLeftoversAreCleanedUp() throws Exception {
      seed();
      String sha = DbFixtures.sha256(db());
      // What a killed process leaves: a half-written temporary database and a partial download.
      Files.writeString(db().getParent().resolve(".advisories.db.123.tmp"), "half a database");
      Files.writeString(db().getParent().resolve(".advisories.db.456.tmp"), "PK half a download");
      try (AdvisoryStore store = SqliteAdvisoryStore.open(db())) {
        assertThat(store.advisoriesFor(Ecosystem.of("Go"), "stdlib")).hasSize(1);
      }
      assertThat(DbFixtures.sha256(db())).isEqualTo(sha);
      update(LATER, false, "Go", "PyPI");
      assertNoLeftovers();
    }
  }

  @Test
  void optionsRefuseNamesThatAreNotEcosystems() {
    assertThatThrownBy(() -> new AdvisoryUpdater.Options(base(), List.of("../etc"), false, RetryPolicy.DEFAULT, 1))
        .isInstanceOf(dev.bulwark.UsageException.class);
    assertThatThrownBy(() -> new AdvisoryUpdater.Options(base(), List.of(), false, RetryPolicy.DEFAULT, 1))
        .isInstanceOf(dev.bulwark.UsageException.class);
  }

  @Test
  void backoffDoublesUpToTheMaximum() {
    RetryPolicy policy = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(5));
    assertThat(List.of(policy.delayBefore(2), policy.delayBefore(3), policy.delayBefore(4), policy.delayBefore(5)))
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
  }
}
