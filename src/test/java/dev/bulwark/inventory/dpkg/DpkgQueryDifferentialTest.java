package dev.bulwark.inventory.dpkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.inventory.AnalyzerHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the real {@code dpkg-query -W} on every dpkg status fixture and compares its list, less the
 * packages in state config-files, with the analyzer's. Fixtures dpkg-query rejects are skipped (the
 * analyzer reports what it can and warns; dpkg-query reports nothing).
 */
@Tag("system")
class DpkgQueryDifferentialTest {
  private static final String FORMAT =
      "${db:Status-Status}\\t${Package}\\t${Version}\\t${Architecture}\\t${source:Package}\\t${source:Version}\\n";

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.bulwark.inventory.dpkg.DpkgFixtures#statusCases")
  void analyzerAgreesWithDpkgQuery(String name, @TempDir Path admin) throws Exception {
    Path status = DpkgFixtures.root().resolve(name).resolve("status");
    assumeTrue(Files.isRegularFile(status), "dpkg-query reads no status.d");
    Files.createDirectories(admin.resolve("info"));
    Files.createDirectories(admin.resolve("updates"));
    Files.copy(status, admin.resolve("status"));
    Process process;
    try {
      process = new ProcessBuilder("dpkg-query", "--admindir=" + admin, "-W", "-f", FORMAT)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      assumeTrue(false, "dpkg-query is not installed");
      return;
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assumeTrue(process.exitValue() == 0, "dpkg-query rejects " + name);
    List<String> expected = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] fields = line.split("\t", 2);
      if (fields.length == 2 && !fields[0].equals("config-files")) {
        expected.add(fields[1]);
      }
    }
    List<String> actual = AnalyzerHarness.packages(AnalyzerHarness.analyze(new DpkgStatusAnalyzer(),
        "/var/lib/dpkg/status", status)).stream().map(DpkgFixtures::row).toList();
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }
}
