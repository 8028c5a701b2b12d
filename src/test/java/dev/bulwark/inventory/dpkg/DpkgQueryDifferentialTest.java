package dev.bulwark.inventory.dpkg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.AnalyzerHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the real {@code dpkg-query -W} on every dpkg status file fixture and compares its list, less
 * the packages in state config-files, with the analyzer's. dpkg-query reads no {@code status.d}, so
 * those fixtures are not run here. The few files dpkg-query rejects outright (it then reports
 * nothing, where the analyzer reports what it can) are named, and must stay rejected.
 */
@Tag("system")
class DpkgQueryDifferentialTest {
  private static final String FORMAT =
      "${db:Status-Status}\\t${Package}\\t${Version}\\t${Architecture}\\t${source:Package}\\t${source:Version}\\n";

  /** Missing fields dpkg treats as errors (Maintainer, Description, Version) or a malformed field name. */
  private static final Set<String> REJECTED_BY_DPKG =
      Set.of("claircore-vcpkg", "scalibr-invalid", "scalibr-nopackage", "scalibr-noversion");

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.bulwark.inventory.dpkg.DpkgFixtures#statusFileCases")
  void analyzerAgreesWithDpkgQuery(String name, @TempDir Path admin) throws Exception {
    Path status = DpkgFixtures.root().resolve(name).resolve("status");
    Files.createDirectories(admin.resolve("info"));
    Files.createDirectories(admin.resolve("updates"));
    Files.copy(status, admin.resolve("status"));
    Process process = new ProcessBuilder("dpkg-query", "--admindir=" + admin, "-W", "-f", FORMAT)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    if (REJECTED_BY_DPKG.contains(name)) {
      assertThat(process.exitValue()).as("dpkg-query's exit status on " + name).isNotZero();
      return;
    }
    assertThat(process.exitValue()).as("dpkg-query's exit status on " + name).isZero();
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
