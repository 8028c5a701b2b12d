package dev.bulwark.vuln.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Ecosystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports the complete AlmaLinux, Go and PyPA feeds from the shared fixture set (when present) and
 * reports import time and lookup throughput. No timing assertions: the figures go to the test output.
 * Skipped when the shared fixture set is not beside the project.
 */
class FullFeedsImportTest {
  static final Path SHARED = Path.of(System.getProperty("bulwark.sharedFixtures", "../shared/fixtures"));
  @TempDir Path temp;

  @Test
  void importsTheCompleteFeedsAndAnswersLookupsQuickly() throws Exception {
    Path shared = SHARED.toAbsolutePath().normalize();
    if (!Files.isDirectory(shared)) {
      shared = Path.of("/work/shared/fixtures");
    }
    List<Path> feeds = List.of(shared.resolve("vuln-osv-almalinux/advisories"), shared.resolve("vuln-osv-go/data/osv"),
        shared.resolve("vuln-osv-pypi-pysec/vulns"));
    for (Path feed : feeds) {
      assumeTrue(Files.isDirectory(feed), "shared fixture " + feed + " not present");
    }
    Path db = temp.resolve("advisories.db");
    long start = System.nanoTime();
    AdvisoryImporter.Result result = AdvisoryImporter.importPaths(db, feeds, Clock.systemUTC(), DbProgress.NONE);
    long importNanos = System.nanoTime() - start;
    long documents = result.sources().stream().mapToLong(SourceReport::documents).sum();
    System.out.printf("full-feed import: %d documents, %d advisories stored, %d withdrawn, %d rejected in %.2f s;"
            + " database %d MiB%n", documents, result.metadata().advisoryCount(),
        result.sources().stream().mapToLong(SourceReport::withdrawn).sum(),
        result.sources().stream().mapToLong(SourceReport::rejected).sum(), importNanos / 1e9, Files.size(db) >> 20);
    result.sources().forEach(s -> s.rejections().forEach(r -> System.out.println("  rejected: " + r)));
    assertThat(documents).isGreaterThan(12_000);
    assertThat(result.metadata().advisoryCount()).isGreaterThan(12_000);

    List<String[]> packages = new ArrayList<>();
    try (Connection c = SqliteAdvisoryStore.connect(db, true); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT ecosystem, name FROM affected")) {
      while (rs.next()) {
        packages.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(db)) {
      long found = 0;
      long t0 = System.nanoTime();
      for (String[] pkg : packages) {
        found += store.advisoriesFor(Ecosystem.of(pkg[0]), pkg[1]).size();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("lookups: every package once, %d packages, %d advisories returned, %.2f s, %.0f lookups/s%n",
          packages.size(), found, seconds, packages.size() / seconds);
      assertThat(found).isGreaterThanOrEqualTo(packages.size());
    }
    // What one image asks: a few hundred distinct packages, on a freshly opened store.
    java.util.Collections.shuffle(packages, new java.util.Random(42));
    List<String[]> image = packages.subList(0, 300);
    long t0 = System.nanoTime();
    long found = 0;
    try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(db)) {
      for (String[] pkg : image) {
        found += store.advisoriesFor(Ecosystem.of(pkg[0]), pkg[1]).size();
      }
      List<Advisory> stdlib = store.advisoriesFor(Ecosystem.of("Go"), "stdlib");
      assertThat(stdlib).hasSizeGreaterThan(100);
    }
    System.out.printf("one image's worth: open + 300 lookups returning %d advisories in %.1f ms%n", found,
        (System.nanoTime() - t0) / 1e6);
  }
}
