package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark scan} end to end on the repository's example image and advisories: what the
 * README shows, the exit codes it promises, and that an error never reads as a clean result.
 */
class ScanCommandTest {
  private static final Path IMAGE = Path.of("examples/demo-image.tar");

  @TempDir Path temp;
  private Path db;

  @BeforeEach
  void importExamples() {
    db = temp.resolve("advisories.db");
    assertThat(run("db", "import", "--db", db.toString(), "examples/advisories")).isZero();
  }

  private int run(String... args) {
    return Main.run(args, Map.of("HOME", temp.toString()));
  }

  /** Runs with stdout captured. */
  private Result capture(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      return new Result(run(args), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(saved);
    }
  }

  record Result(int exit, String out) {}

  @Nested
  class TheExampleImage {
    @Test
    void findsTheShippedAdvisoriesAndNotThePatchedDebianCopy() throws IOException {
      Path report = temp.resolve("scan.json");
      assertThat(run("scan", "--no-cache", "--db", db.toString(), "-f", "json", "-o", report.toString(),
          "oci-archive:" + IMAGE)).isZero();
      JsonNode json = Json.mapper().readTree(report.toFile());
      assertThat(json.path("findings").findValuesAsText("id")).containsExactlyInAnyOrder(
          "GHSA-xvch-5gv4-984h", "GHSA-599f-7c49-w659", "GHSA-57j2-w4cx-62h2", "GHSA-jjjh-jjxp-wpff",
          "GHSA-rgv9-q543-rqg4", "GHSA-35jh-r3h4-6jhm", "GHSA-p6mc-m468-83gw", "GHSA-mjmj-j48q-9wg2",
          "GHSA-29mw-wpgm-hmr9");
      // urllib3 1.26.12 is in the PyPA records' ranges, but its files belong to Debian's python3-urllib3
      assertThat(json.path("findings").findValuesAsText("name")).doesNotContain("urllib3");
    }

    @Test
    void failOnSetsTheExitCode() {
      assertThat(run("scan", "--no-cache", "--db", db.toString(), "--fail-on", "critical", "-o",
          temp.resolve("r").toString(), "oci-archive:" + IMAGE)).isEqualTo(1);
      assertThat(run("scan", "--no-cache", "--db", db.toString(), "--fail-on", "critical", "--ignore-file",
          ignoreCritical().toString(), "-o", temp.resolve("r").toString(), "oci-archive:" + IMAGE)).isZero();
    }

    private Path ignoreCritical() {
      Path file = temp.resolve("ignore.yaml");
      try {
        Files.writeString(file, """
            - id: CVE-2021-44906
              reason: minimist is only used by the build, not at run time
            - id: GHSA-599f-7c49-w659
              package: pkg:maven/org.apache.commons/commons-text
              reason: StringSubstitutor interpolation is not used
            """);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return file;
    }
  }

  @Nested
  class Errors {
    @Test
    void aCorruptDatabaseExitsThreeAndPrintsNoResult() throws IOException {
      Path corrupt = temp.resolve("corrupt.db");
      Files.write(corrupt, new byte[] {'S', 'Q', 'L', 'i', 't', 'e', 0, 1, 2, 3});
      Result result = capture("scan", "--no-cache", "--db", corrupt.toString(), "oci-archive:" + IMAGE);
      assertThat(result.exit()).isEqualTo(3);
      assertThat(result.out()).isEmpty();
    }

    @Test
    void aMissingDatabaseExitsThree() {
      Result result = capture("scan", "--no-cache", "--db", temp.resolve("none.db").toString(), "oci-archive:" + IMAGE);
      assertThat(result.exit()).isEqualTo(3);
      assertThat(result.out()).doesNotContain("0 vulnerabilities");
    }

    @Test
    void aTamperedLayerExitsThreeAndPrintsNoResult() throws IOException {
      Path tampered = temp.resolve("tampered.tar");
      byte[] bytes = Files.readAllBytes(IMAGE);
      bytes[bytes.length / 2] ^= 0x10; // inside the largest gzip layer blob
      Files.write(tampered, bytes);
      Result result = capture("scan", "--no-cache", "--db", db.toString(), "oci-archive:" + tampered);
      assertThat(result.exit()).isEqualTo(3);
      assertThat(result.out()).isEmpty();
    }
  }
}
