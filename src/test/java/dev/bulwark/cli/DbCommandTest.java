package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.vuln.db.AdvisoryImporter;
import dev.bulwark.vuln.db.DbProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DbCommandTest {
  @TempDir Path temp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** Runs {@code bulwark ...} with the db command registered as BulwarkCommand will register it. */
  int run(Map<String, String> environment, String... args) {
    CommandLine commandLine = Main.commandLine(environment);
    if (!commandLine.getSubcommands().containsKey("db")) {
      commandLine.addSubcommand(DbCommand.class);
    }
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  int run(String... args) {
    return run(Map.of("HOME", temp.toString()), args);
  }

  static Path fixtures(String feed) throws URISyntaxException {
    return Path.of(DbCommandTest.class.getResource("/vuln/osv/" + feed).toURI());
  }

  @Nested
  class Import {
    @Test
    void importsIntoTheDefaultLocationAndReports() throws Exception {
      assertThat(run("db", "import", fixtures("go").toString(), fixtures("pypa").toString())).isZero();
      assertThat(temp.resolve(".cache/bulwark/db/advisories.db")).isRegularFile();
      assertThat(out.toString())
          .contains("import:" + fixtures("go") + ": 2 advisories stored, 1 withdrawn dropped")
          .contains("4 advisories (4 distinct ids) from 2 source(s)");
      assertThat(err.toString()).isEmpty();
    }

    @Test
    void dbOptionAndEnvironmentChooseTheFile() throws Exception {
      Path explicit = temp.resolve("explicit.db");
      assertThat(run("db", "import", "--db", explicit.toString(), fixtures("go").toString())).isZero();
      assertThat(explicit).isRegularFile();
      Path fromEnvironment = temp.resolve("env.db");
      assertThat(run(Map.of("BULWARK_DB", fromEnvironment.toString()), "db", "import", fixtures("go").toString()))
          .isZero();
      assertThat(fromEnvironment).isRegularFile();
    }

    @Test
    void rejectedDocumentsAreWarnedAbout() throws Exception {
      Path feed = temp.resolve("feed");
      Files.createDirectories(feed);
      Files.copy(fixtures("go").resolve("GO-2022-0969.json"), feed.resolve("GO-2022-0969.json"));
      Files.writeString(feed.resolve("bad.json"), "{\"id\": \"BAD-1\", \"modified\": \"never\"}");
      assertThat(run("db", "import", feed.toString())).isZero();
      assertThat(err.toString()).contains("1 document(s)").contains("bad.json").contains("RFC 3339");
    }

    @Test
    void badInputExitsThreeAndUsageErrorsTwo() {
      assertThat(run("db", "import", temp.resolve("missing").toString())).isEqualTo(3);
      assertThat(err.toString()).contains("no such file or directory");
      assertThat(run("db", "import")).isEqualTo(2);
      assertThat(run("db", "update", "--ecosystem", "../x", "--source", temp.toString())).isEqualTo(2);
    }
  }

  @Nested
  class Info {
    @Test
    void showsContentsAndAge() throws Exception {
      run("db", "import", fixtures("ghsa").toString());
      out.getBuffer().setLength(0);
      assertThat(run("db", "info")).isZero();
      assertThat(out.toString()).contains("schema:     1").contains("advisories: 16 (16 distinct ids)")
          .contains("import:" + fixtures("ghsa") + "  16 advisories");
      assertThat(err.toString()).isEmpty();
    }

    @Test
    void anOldDatabaseGivesAWarning() throws Exception {
      Path db = temp.resolve("old.db");
      Clock lastMonth = Clock.fixed(Instant.now().minusSeconds(30L * 86_400), ZoneOffset.UTC);
      AdvisoryImporter.importPaths(db, List.of(fixtures("go")), lastMonth, DbProgress.NONE);
      assertThat(run("db", "info", "--db", db.toString())).isZero();
      assertThat(err.toString()).contains("warning").contains("30 days old").contains("bulwark db update");
      err.getBuffer().setLength(0);
      assertThat(run("db", "info", "--db", db.toString(), "--max-age", "60d")).isZero();
      assertThat(err.toString()).isEmpty();
      assertThat(run(Map.of("BULWARK_DB_MAX_AGE", "1d"), "db", "info", "--db", db.toString())).isZero();
      assertThat(err.toString()).contains("maximum age 24 hours");
    }

    @Test
    void aMissingOrBrokenDatabaseExitsThreeWithAHint() throws Exception {
      assertThat(run("db", "info")).isEqualTo(3);
      assertThat(err.toString()).contains("no advisory database").contains("bulwark db update");
      Path broken = temp.resolve("broken.db");
      Files.writeString(broken, "not a database ".repeat(200));
      assertThat(run("db", "info", "--db", broken.toString())).isEqualTo(3);
      assertThat(out.toString()).doesNotContain("advisories:");
    }
  }

  @Nested
  class Update {
    @Test
    void updatesFromALocalMirror() throws Exception {
      Path mirror = temp.resolve("mirror");
      Files.createDirectories(mirror.resolve("Go"));
      try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(mirror.resolve("Go/all.zip")))) {
        for (String id : List.of("GO-2020-0001", "GO-2022-0969")) {
          zip.putNextEntry(new java.util.zip.ZipEntry(id + ".json"));
          zip.write(Files.readAllBytes(fixtures("go").resolve(id + ".json")));
          zip.closeEntry();
        }
      }
      assertThat(run("db", "update", "--source", mirror.toString(), "--ecosystem", "Go")).isZero();
      assertThat(out.toString()).contains("osv:Go: 2 advisories stored");
      out.getBuffer().setLength(0);
      assertThat(run("db", "update", "--source", mirror.toString(), "--ecosystem", "Go")).isZero();
      assertThat(out.toString()).contains("osv:Go: not modified");
    }

    @Test
    void anUnreachableSourceExitsThreeNamingIt() {
      assertThat(run("db", "update", "--source", temp.resolve("nowhere").toString(), "--ecosystem", "Go"))
          .isEqualTo(3);
      assertThat(err.toString()).contains("nowhere");
    }
  }
}
