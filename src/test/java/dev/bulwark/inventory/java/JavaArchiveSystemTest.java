package dev.bulwark.inventory.java;

import static dev.bulwark.inventory.java.TestArchives.analyze;
import static dev.bulwark.inventory.java.TestArchives.packages;
import static dev.bulwark.inventory.java.TestArchives.sha1;
import static dev.bulwark.inventory.java.TestArchives.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real artifacts from Maven Central (network, {@code mvn}), larger upstream fixtures from the shared
 * fixture folder, and throughput on a fat jar built from the local Maven repository.
 */
@Tag("system")
class JavaArchiveSystemTest {
  private static final Path SHARED = Path.of("/work/shared/fixtures");
  private final JavaArchiveAnalyzer analyzer = new JavaArchiveAnalyzer();

  @Test
  void identifiesVulnerableArtifactsFromMavenCentral(@TempDir Path dir) throws Exception {
    for (String artifact : List.of("org.apache.logging.log4j:log4j-core:2.14.1",
        "com.fasterxml.jackson.core:jackson-databind:2.9.10.8")) {
      Process mvn = new ProcessBuilder("mvn", "-q", "-B", "dependency:copy", "-Dartifact=" + artifact,
          "-DoutputDirectory=" + dir).directory(dir.toFile()).inheritIO().start();
      assertThat(mvn.waitFor(10, TimeUnit.MINUTES) && mvn.exitValue() == 0).as("mvn dependency:copy").isTrue();
    }
    byte[] log4j = Files.readAllBytes(dir.resolve("log4j-core-2.14.1.jar"));
    byte[] jackson = Files.readAllBytes(dir.resolve("jackson-databind-2.9.10.8.jar"));

    // SHA-1 values as Maven Central publishes them (*.jar.sha1).
    assertThat(packages(analyze(analyzer, "/app/log4j-core-2.14.1.jar", log4j)))
        .extracting(PackageRecord::name, PackageRecord::version, p -> p.sha1().orElseThrow())
        .containsExactly(tuple("org.apache.logging.log4j:log4j-core", "2.14.1",
            "9141212b8507ab50a45525b545b39d224614528b"));
    assertThat(packages(analyze(analyzer, "/app/jackson-databind-2.9.10.8.jar", jackson)))
        .extracting(PackageRecord::name, PackageRecord::version, p -> p.sha1().orElseThrow())
        .containsExactly(tuple("com.fasterxml.jackson.core:jackson-databind", "2.9.10.8",
            "9c1489f31d79994d53966dc8bbc387466b2e47ef"));

    // The same jars inside a WAR that sits renamed inside a Spring Boot jar.
    byte[] war = TestArchives.streamedZip(TestArchives.entries(
        "WEB-INF/lib/log4j-core-2.14.1.jar", log4j, "WEB-INF/lib/jackson-databind-2.9.10.8.jar", jackson));
    byte[] boot = TestArchives.streamedZip(TestArchives.entries("BOOT-INF/lib/legacy.war", war));
    assertThat(packages(analyze(analyzer, "/app/app.jar", boot)))
        .extracting(PackageRecord::name, p -> p.innerPath().orElseThrow(), p -> p.sha1().orElseThrow())
        .containsExactly(
            tuple("org.apache.logging.log4j:log4j-core", "BOOT-INF/lib/legacy.war!/WEB-INF/lib/log4j-core-2.14.1.jar",
                "9141212b8507ab50a45525b545b39d224614528b"),
            tuple("com.fasterxml.jackson.core:jackson-databind",
                "BOOT-INF/lib/legacy.war!/WEB-INF/lib/jackson-databind-2.9.10.8.jar",
                "9c1489f31d79994d53966dc8bbc387466b2e47ef"));
  }

  @Test
  void agreesWithTrivyOnItsWar() throws IOException {
    Path war = SHARED.resolve("pkgdb-trivy/pkg/fanal/analyzer/language/java/jar/testdata/test.war");
    Assumptions.assumeTrue(Files.exists(war), "shared fixtures present");

    List<Fact> facts = analyze(analyzer, "/testdata/test.war", Files.readAllBytes(war));

    // Trivy's expected packages for this file (pkg/fanal/analyzer/language/java/jar/jar_test.go).
    assertThat(packages(facts)).extracting(PackageRecord::name, PackageRecord::version, p -> p.innerPath().orElse(""))
        .containsExactlyInAnyOrder(
            tuple("org.glassfish:javax.el", "3.0.0", "WEB-INF/lib/javax.el-3.0.0.jar"),
            tuple("com.fasterxml.jackson.core:jackson-databind", "2.9.10.6",
                "WEB-INF/lib/jackson-databind-2.9.10.6.jar"),
            tuple("com.fasterxml.jackson.core:jackson-annotations", "2.9.10",
                "WEB-INF/lib/jackson-annotations-2.9.10.jar"),
            tuple("com.fasterxml.jackson.core:jackson-core", "2.9.10", "WEB-INF/lib/jackson-core-2.9.10.jar"),
            tuple("org.slf4j:slf4j-api", "1.7.30", "WEB-INF/lib/slf4j-api-1.7.30.jar"),
            tuple("com.cronutils:cron-utils", "9.1.2", "WEB-INF/lib/cron-utils-9.1.2.jar"),
            tuple("org.apache.commons:commons-lang3", "3.11", "WEB-INF/lib/commons-lang3-3.11.jar"),
            tuple("com.example:web-app", "1.0-SNAPSHOT", ""));
    assertThat(warnings(facts)).isEmpty();
  }

  @Test
  void agreesWithOsvScalibrOnGuava() throws IOException {
    Path guava = SHARED.resolve(
        "pkgdb-osv-scalibr/extractor/filesystem/language/java/archive/testdata/guava-31.1-jre.jar");
    Assumptions.assumeTrue(Files.exists(guava), "shared fixtures present");

    List<PackageRecord> found = packages(analyze(analyzer, "/testdata/guava-31.1-jre.jar", Files.readAllBytes(guava)));

    // osv-scalibr's expectation gives the SHA-1 in base64 (as deps.dev does).
    String expected = java.util.HexFormat.of().formatHex(Base64.getDecoder().decode("YEWPh30FXQyRFNnhou+3N7S8KCw="));
    assertThat(found).extracting(PackageRecord::name, PackageRecord::version, p -> p.sha1().orElseThrow())
        .containsExactly(tuple("com.google.guava:guava", "31.1-jre", expected));
  }

  /**
   * Differential check of the streaming reader against the JDK's central-directory reader, and of the
   * analyzer, on every jar in the local Maven repository: same entries in the same order, same
   * content, and every jar identified without a warning.
   */
  @Test
  void readsEveryLocalJarLikeTheCentralDirectorySaysAndIdentifiesIt() throws IOException {
    List<Path> jars = localJars(Long.MAX_VALUE);
    Assumptions.assumeTrue(jars.size() > 50, "a populated ~/.m2/repository");
    int checked = 0;
    for (Path jar : jars) {
      List<String> expected = new ArrayList<>();
      try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
        for (var e = zip.entries(); e.hasMoreElements(); ) {
          ZipEntry entry = e.nextElement();
          expected.add(entry.getName() + " " + entry.getCrc());
        }
      } catch (java.util.zip.ZipException notAZip) {
        continue;
      }
      expected.sort(null);
      List<String> actual = new ArrayList<>();
      try (InputStream in = Files.newInputStream(jar); LocalEntryReader reader = new LocalEntryReader(in)) {
        for (LocalEntryReader.Entry entry; (entry = reader.next()) != null; ) {
          CRC32 crc = new CRC32();
          try (InputStream content = reader.content()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = content.read(buffer)) >= 0; ) {
              crc.update(buffer, 0, n);
            }
          }
          actual.add(entry.name() + " " + crc.getValue());
        }
      }
      actual.sort(null);
      assertThat(actual).as("%s", jar).isEqualTo(expected);

      List<Fact> facts = analyze(analyzer, "/app/" + jar.getFileName(), Files.readAllBytes(jar));
      assertThat(warnings(facts)).as("%s", jar).isEmpty();
      assertThat(packages(facts)).as("%s", jar).anySatisfy(p -> assertThat(p.innerPath()).isEmpty());
      checked++;
    }
    System.out.printf("%d local jars read alike and identified%n", checked);
  }

  /**
   * Throughput on fat jars built from the local Maven repository, against reading the same bytes
   * with and without SHA-1. Prints the figures; asserts every nested jar was identified.
   */
  @Test
  void throughputOnFatJars(@TempDir Path dir) throws IOException {
    List<Path> jars = localJars(150L << 20);
    Assumptions.assumeTrue(jars.size() > 50, "a populated ~/.m2/repository");
    Path boot = dir.resolve("boot.jar");
    Path deflated = dir.resolve("deflated.jar");
    Set<String> names = new HashSet<>();
    try (ZipArchiveOutputStream stored = new ZipArchiveOutputStream(boot);
        ZipOutputStream jarTool = new ZipOutputStream(Files.newOutputStream(deflated))) {
      for (Path jar : jars) {
        String name = "BOOT-INF/lib/" + jar.getFileName();
        if (!names.add(name)) {
          continue;
        }
        byte[] bytes = Files.readAllBytes(jar);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCrc(crc.getValue());
        stored.putArchiveEntry(entry);
        stored.write(bytes);
        stored.closeArchiveEntry();
        jarTool.putNextEntry(new ZipEntry(name));
        jarTool.write(bytes);
        jarTool.closeEntry();
      }
    }
    for (Path fat : List.of(boot, deflated)) {
      long size = Files.size(fat);
      double read = best(() -> drain(Files.newInputStream(fat), null));
      double digest = best(() -> drain(Files.newInputStream(fat), MessageDigest.getInstance("SHA-1")));
      List<Fact> facts = new ArrayList<>();
      double analyzed = best(() -> {
        facts.clear();
        facts.addAll(analyzer.analyze(TestArchives.streamOnly("/app/" + fat.getFileName(),
            Files.newInputStream(fat), size)));
      });
      System.out.printf("%s: %d MB, %d nested jars: read %.0f MB/s, read+SHA-1 %.0f MB/s, analyzed %.0f MB/s"
              + " (%d packages)%n", fat.getFileName(), size >> 20, names.size(), mbps(size, read),
          mbps(size, digest), mbps(size, analyzed), packages(facts).size());
      Set<String> identified = new HashSet<>();
      packages(facts).forEach(p -> p.innerPath().ifPresent(identified::add));
      assertThat(identified).containsAll(names);
      assertThat(warnings(facts)).isEmpty();
    }
  }

  private interface Run {
    void run() throws Exception;
  }

  /** Best of five, after two warm-up runs, in seconds. */
  private static double best(Run run) {
    double best = Double.MAX_VALUE;
    try {
      for (int i = 0; i < 7; i++) {
        long start = System.nanoTime();
        run.run();
        if (i >= 2) {
          best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return best;
  }

  private static double mbps(long bytes, double seconds) {
    return bytes / 1e6 / seconds;
  }

  private static void drain(InputStream in, MessageDigest digest) throws IOException {
    try (InputStream stream = digest == null ? in : new DigestInputStream(in, digest)) {
      stream.transferTo(OutputStream.nullOutputStream());
    }
  }

  private static List<Path> localJars(long total) throws IOException {
    Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository");
    if (!Files.isDirectory(repository)) {
      return List.of();
    }
    List<Path> jars = new ArrayList<>();
    long sum = 0;
    try (Stream<Path> files = Files.walk(repository)) {
      for (Path jar : files.filter(f -> f.toString().endsWith(".jar") && !f.toString().endsWith("-sources.jar")
          && !f.toString().endsWith("-javadoc.jar")).sorted().toList()) {
        if (sum >= total) {
          break;
        }
        jars.add(jar);
        sum += Files.size(jar);
      }
    }
    return jars;
  }

}
