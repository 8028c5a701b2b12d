package dev.bulwark.inventory.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Differential test against rpm itself ({@code /usr/bin/rpm}, 4.18 on Debian): for each sqlite and
 * Berkeley DB fixture, what rpm lists must be what Bulwark lists. Debian's rpm has no ndb backend.
 */
@Tag("system")
class RpmDatabaseSystemTest {
  private static final Path RPM = Path.of("/usr/bin/rpm");
  private static final String FORMAT = "%{EPOCH}\\t%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}"
      + "\\t%{LICENSE}\\t%{VENDOR}\\t%{MODULARITYLABEL}\\n";
  private static final String COLUMNS = "# columns: epoch name version release arch sourcerpm license vendor "
      + "modularitylabel";

  @TempDir
  Path temp;

  @BeforeAll
  static void rpmIsInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(RPM), "rpm is not installed");
  }

  @ParameterizedTest(name = "{0} {2}")
  @CsvSource({
    "cbl-mariner-2.0/rpmdb.sqlite, sqlite, little-endian",
    "rpm418-generated/rpmdb.sqlite, sqlite, little-endian",
    "libuuid/Packages, bdb_ro, little-endian",
    "libuuid/Packages, bdb_ro, big-endian",
    "packages-epoch/Packages, bdb_ro, little-endian",
    "packages-epoch/Packages, bdb_ro, big-endian",
  })
  void listsWhatRpmLists(String fixture, String backend, String order) throws Exception {
    byte[] content = RpmFixtures.bytes(fixture);
    if (order.equals("big-endian")) {
      content = BerkeleyByteSwap.toBigEndian(content);
    }
    Path dbPath = Files.createDirectories(temp.resolve("db"));
    Files.write(dbPath.resolve(Path.of(fixture).getFileName()), content);

    List<String> rpmPackages = new ArrayList<>(List.of(COLUMNS));
    rpmPackages.addAll(rpm(dbPath, backend, FORMAT));
    List<String> rpmFiles = rpm(dbPath, backend, "[%{=NAME}\\t%{FILENAMES}\\n]");

    List<Fact> facts = RpmFixtures.analyze("/var/lib/rpm/" + Path.of(fixture).getFileName(), content);
    List<PackageRecord> packages = AnalyzerHarness.packages(facts);
    assertThat(packages).isNotEmpty();
    assertThat(RpmFixtures.lines(packages)).containsExactlyElementsOf(RpmFixtures.expectedLines(rpmPackages, fixture));
    assertThat(RpmFixtures.files(packages)).isEqualTo(RpmFixtures.expectedFiles(rpmFiles));
  }

  private static List<String> rpm(Path dbPath, String backend, String format) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(RPM.toString(), "--dbpath", dbPath.toString(), "--define",
        "_db_backend " + backend, "-qa", "--qf", format)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("rpm exit status").isZero();
    return out.lines().filter(line -> !line.isEmpty()).toList();
  }
}
