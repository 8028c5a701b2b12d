package dev.bulwark.inventory.java;

import static dev.bulwark.inventory.java.JavaArchiveAnalyzerTest.bounds;
import static dev.bulwark.inventory.java.TestArchives.analyze;
import static dev.bulwark.inventory.java.TestArchives.bytes;
import static dev.bulwark.inventory.java.TestArchives.coordinates;
import static dev.bulwark.inventory.java.TestArchives.entries;
import static dev.bulwark.inventory.java.TestArchives.packages;
import static dev.bulwark.inventory.java.TestArchives.pom;
import static dev.bulwark.inventory.java.TestArchives.sha1;
import static dev.bulwark.inventory.java.TestArchives.streamedZip;
import static dev.bulwark.inventory.java.TestArchives.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated, corrupted and malicious archives: warnings and bounded work, never a failed scan. */
class JavaArchiveHostileInputTest {
  private final JavaArchiveAnalyzer analyzer = new JavaArchiveAnalyzer();

  @Nested
  class Truncated {
    @Test
    void everyTruncationOfAJarIsReportedAndNeverFailsTheScan() throws IOException {
      byte[] jar = bytes("maven-failureaccess/failureaccess-1.0.1.jar");
      for (int length = 1; length < jar.length; length++) {
        byte[] cut = Arrays.copyOf(jar, length);
        List<Fact> facts = analyze(analyzer, "/app/failureaccess-1.0.1.jar", cut);
        assertThat(warnings(facts)).as("cut at %d", length).isNotEmpty();
        // A SHA-1, when there is one, is that of the bytes actually there.
        String cutSha1 = sha1(cut);
        assertThat(packages(facts)).as("cut at %d", length)
            .allSatisfy(p -> assertThat(p.sha1().orElse(cutSha1)).isEqualTo(cutSha1));
      }
    }

    @Test
    void truncatedArchiveKeepsThePackagesReadBeforeTheCut() throws IOException {
      byte[] jar = bytes("maven-commons-text/commons-text-1.9.jar");
      byte[] cut = Arrays.copyOf(jar, jar.length - 10);

      List<Fact> facts = analyze(analyzer, "/app/commons-text-1.9.jar", cut);

      assertThat(packages(facts)).singleElement().satisfies(p -> {
        assertThat(p.name()).isEqualTo("org.apache.commons:commons-text");
        assertThat(p.sha1()).contains(sha1(cut));
      });
      assertThat(warnings(facts)).singleElement().asString().contains("truncated");
    }

    @Test
    void truncatedNestedArchiveIsReportedWhereItIs() throws IOException {
      byte[] inner = Arrays.copyOf(bytes("maven-failureaccess/failureaccess-1.0.1.jar"), 3000);
      byte[] outer = streamedZip(entries("META-INF/maven/a/app/pom.properties", pom("a", "app", "1"),
          "lib/failureaccess-1.0.1.jar", inner));

      List<Fact> facts = analyze(analyzer, "/app/app-1.jar", outer);

      assertThat(packages(facts).getFirst().sha1()).contains(sha1(outer));
      assertThat(warnings(facts)).singleElement().asString().startsWith("lib/failureaccess-1.0.1.jar: ");
    }
  }

  @Nested
  class Corrupted {
    @Test
    void flippedBytesNeverEscapeAsExceptions() {
      Random random = new Random(20240101);
      for (String fixture : List.of("maven-failureaccess/failureaccess-1.0.1.jar", "scalibr-complex/complex.jar",
          "war/demo-web-1.0.war", "scalibr-nested-at-10/nested_at_10.jar")) {
        byte[] original = bytes(fixture);
        for (int round = 0; round < 150; round++) {
          byte[] corrupt = original.clone();
          for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
            corrupt[random.nextInt(corrupt.length)] ^= (byte) (1 + random.nextInt(255));
          }
          assertThatCode(() -> analyze(analyzer, "/app/x.jar", corrupt)).as("%s round %d", fixture, round)
              .doesNotThrowAnyException();
        }
      }
    }
  }

  @Nested
  class Names {
    @Test
    void controlCharactersInEntryNamesAreReplacedInInnerPaths() throws IOException {
      byte[] outer = streamedZip(entries("lib/evil\n\u001b[2J.jar",
          bytes("maven-failureaccess/failureaccess-1.0.1.jar")));

      assertThat(packages(analyze(analyzer, "/app/app.jar", outer))).singleElement()
          .satisfies(p -> assertThat(p.innerPath()).contains("lib/evil??[2J.jar"));
    }

    @Test
    void overlongEntryNamesAreNotRead() throws IOException {
      String name = "x".repeat(5000) + ".jar";
      byte[] outer = streamedZip(entries(name, bytes("maven-failureaccess/failureaccess-1.0.1.jar")));

      List<Fact> facts = analyze(analyzer, "/app/app.jar", outer);

      assertThat(packages(facts)).isEmpty();
      assertThat(warnings(facts)).containsExactly("entry with a name of 5004 characters not read");
    }

    @Test
    void namesThatAreNotUtf8AreStillRead(@TempDir Path dir) throws IOException {
      Path file = dir.resolve("latin1.zip");
      try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
        zip.setEncoding("ISO-8859-1");
        zip.setUseLanguageEncodingFlag(false);
        zip.putArchiveEntry(new ZipArchiveEntry("lib/caf\u00e9-1.0.jar"));
        zip.write(bytes("maven-failureaccess/failureaccess-1.0.1.jar"));
        zip.closeArchiveEntry();
      }

      List<PackageRecord> found = packages(analyze(analyzer, "/app/app.jar", Files.readAllBytes(file)));

      assertThat(found).singleElement().satisfies(p -> {
        assertThat(p.name()).isEqualTo("com.google.guava:failureaccess");
        assertThat(p.innerPath().orElseThrow()).startsWith("lib/caf").endsWith("-1.0.jar");
      });
    }

    @Test
    void warningsAreCapped() throws IOException {
      Map<String, byte[]> many = new LinkedHashMap<>();
      for (int i = 0; i < 30; i++) {
        many.put(i + "x".repeat(5000) + ".jar", new byte[0]);
      }
      JavaArchiveAnalyzer capped = new JavaArchiveAnalyzer(bounds(b -> b.maxWarnings = 16));

      List<String> warnings = warnings(analyze(capped, "/app/app.jar", streamedZip(many)));

      assertThat(warnings).hasSize(17).last().isEqualTo("14 more warnings not shown");
    }
  }

  @Nested
  class Bombs {
    private static final byte[] ZEROS = new byte[32 << 20];

    @Test
    void entriesThatAreNotReadAreNeverInflated() throws IOException {
      // 32 MiB of zeros behind a data descriptor: found by its descriptor, not by inflating it.
      byte[] jar = streamedZip(entries("META-INF/maven/a/bomb/pom.properties", pom("a", "bomb", "1"),
          "bomb.bin", ZEROS, "META-INF/maven/a/later/pom.properties", pom("a", "later", "1")));
      JavaArchiveAnalyzer small = new JavaArchiveAnalyzer(bounds(b -> {
        b.maxExpandedBytes = 1 << 20;
      }));

      List<Fact> facts = analyze(small, "/app/bomb-1.jar", jar);

      assertThat(coordinates(facts)).containsExactly("a:bomb 1", "a:later 1");
      assertThat(warnings(facts)).isEmpty();
    }

    @Test
    void inflatingANestedArchivePastTheBudgetStopsReadingButKeepsWhatWasFoundAndTheSha1() throws IOException {
      // A 32 MiB nested jar (a STORED entry of zeros) deflates to a few KiB in its container.
      byte[] bomb = TestArchives.storedZip(entries("zeros.bin", ZEROS));
      byte[] jar = streamedZip(entries("META-INF/maven/a/app/pom.properties", pom("a", "app", "1"),
          "lib/bomb.jar", bomb, "META-INF/maven/a/later/pom.properties", pom("a", "later", "1")));
      JavaArchiveAnalyzer small = new JavaArchiveAnalyzer(bounds(b -> {
        b.maxExpandedBytes = 4 << 20;
      }));

      List<Fact> facts = analyze(small, "/app/app-1.jar", jar);

      assertThat(jar.length).isLessThan(1 << 20);
      assertThat(packages(facts)).singleElement().satisfies(p -> {
        assertThat(p.name()).isEqualTo("a:app");
        assertThat(p.sha1()).contains(sha1(jar));
      });
      assertThat(warnings(facts))
          .containsExactly("stopped reading: lib/bomb.jar: more than 4194304 decompressed bytes (a zip bomb?)");
    }

    @Test
    void entriesWithKnownSizesArePassedOverWithoutInflating(@TempDir Path dir) throws IOException {
      byte[] jar = TestArchives.seekableZip(entries("bomb.bin", ZEROS,
          "META-INF/maven/a/bomb/pom.properties", pom("a", "bomb", "1")), dir);
      JavaArchiveAnalyzer small = new JavaArchiveAnalyzer(bounds(b -> {
        b.maxExpandedBytes = 1 << 20;
      }));

      List<Fact> facts = analyze(small, "/app/bomb-1.jar", jar);

      assertThat(coordinates(facts)).containsExactly("a:bomb 1");
      assertThat(warnings(facts)).isEmpty();
    }

    @Test
    void theBudgetGrowsWithTheArchiveSize() {
      assertThat(ArchiveBounds.DEFAULT.expandedBudget(1 << 20)).isEqualTo((64L << 20) + (100L << 20));
      assertThat(ArchiveBounds.DEFAULT.expandedBudget(1L << 30)).isEqualTo(4L << 30);
      assertThat(ArchiveBounds.DEFAULT.expandedBudget(Long.MAX_VALUE)).isEqualTo(4L << 30);
    }

    @Test
    void nestedBombStopsEveryLevelAndNamesTheArchiveThatCrossedTheBudget() throws IOException {
      byte[] bomb = TestArchives.storedZip(entries("META-INF/maven/a/n/pom.properties", pom("a", "n", "1"),
          "zeros.bin", Arrays.copyOf(ZEROS, 3 << 20)));
      byte[] middle = streamedZip(entries("lib/n0.jar", bomb, "lib/n1.jar", bomb, "lib/n2.jar", bomb));
      byte[] outer = streamedZip(entries("META-INF/maven/a/outer/pom.properties", pom("a", "outer", "1"),
          "middle.war", middle));
      JavaArchiveAnalyzer small = new JavaArchiveAnalyzer(bounds(b -> {
        b.maxExpandedBytes = 5 << 20;
      }));

      List<Fact> facts = analyze(small, "/app/outer-1.jar", outer);

      assertThat(packages(facts)).extracting(PackageRecord::name, p -> p.innerPath().orElse(""))
          .containsExactly(org.assertj.core.groups.Tuple.tuple("a:outer", ""),
              org.assertj.core.groups.Tuple.tuple("a:n", "middle.war!/lib/n0.jar"),
              org.assertj.core.groups.Tuple.tuple("a:n", "middle.war!/lib/n1.jar"));
      assertThat(packages(facts).getFirst().sha1()).contains(sha1(outer));
      assertThat(packages(facts).get(1).sha1()).isPresent();
      assertThat(packages(facts).get(2).sha1()).isEmpty();
      assertThat(warnings(facts)).containsExactly(
          "stopped reading: middle.war!/lib/n1.jar: more than 5242880 decompressed bytes (a zip bomb?)");
    }

    @Test
    void tooManyEntriesStopReading() throws IOException {
      Map<String, byte[]> many = new LinkedHashMap<>();
      many.put("META-INF/maven/a/b/pom.properties", pom("a", "b", "1"));
      for (int i = 0; i < 200; i++) {
        many.put("f" + i, new byte[1]);
      }
      JavaArchiveAnalyzer small = new JavaArchiveAnalyzer(bounds(b -> b.maxEntries = 100));

      List<Fact> facts = analyze(small, "/app/b-1.jar", streamedZip(many));

      assertThat(coordinates(facts)).containsExactly("a:b 1");
      assertThat(warnings(facts)).containsExactly("stopped reading: more than 100 zip entries");
    }

    @Test
    void largeNestedArchiveStoredWithADataDescriptorIsStreamed() throws IOException {
      byte[] blob = new byte[24 << 20];
      new Random(7).nextBytes(blob);
      byte[] inner = TestArchives.storedZip(entries("META-INF/maven/a/big/pom.properties", pom("a", "big", "2"),
          "blob.bin", blob));
      byte[] jar = TestArchives.storedWithDescriptors(entries("META-INF/maven/a/b/pom.properties",
          pom("a", "b", "1"), "lib/big-2.jar", inner));

      List<Fact> facts = analyze(analyzer, "/app/b-1.jar", jar);

      assertThat(packages(facts)).extracting(PackageRecord::name, p -> p.sha1().orElseThrow()).containsExactly(
          org.assertj.core.groups.Tuple.tuple("a:b", sha1(jar)),
          org.assertj.core.groups.Tuple.tuple("a:big", sha1(inner)));
      assertThat(warnings(facts)).isEmpty();
    }

    @Test
    void fileNamedLikeAnArchiveThatIsNoneIsReported() throws IOException {
      byte[] noise = new byte[1 << 20];
      new Random(11).nextBytes(noise);

      List<Fact> facts = analyze(analyzer, "/app/noise-1.0.jar", noise);

      assertThat(warnings(facts)).singleElement().asString().startsWith("unreadable archive: ");
      assertThat(coordinates(facts)).containsExactly("noise 1.0");
    }

    @Test
    void archiveNeedingRandomAccessIsCopiedOnlyUpToItsBound() throws IOException {
      byte[] executable = new byte[3 << 20];
      byte[] jar = bytes("maven-failureaccess/failureaccess-1.0.1.jar");
      Arrays.fill(executable, 0, executable.length - jar.length, (byte) '#');
      System.arraycopy(jar, 0, executable, executable.length - jar.length, jar.length);
      JavaArchiveAnalyzer small = new JavaArchiveAnalyzer(bounds(b -> b.maxRandomAccessBytes = 1 << 20));

      List<Fact> facts = analyze(small, "/app/app.jar", executable);

      assertThat(packages(facts)).isEmpty();
      assertThat(warnings(facts)).containsExactly("not read: no zip entry in its first 64 KiB, and over 1048576"
          + " bytes to read by its central directory");
    }

    @Test
    void oversizedManifestMainSectionIsNotParsed() throws IOException {
      String manifest = "Manifest-Version: 1.0\nImplementation-Title: huge\nImplementation-Version: 1\n"
          + "Export-Package: a" + "\n ,b".repeat(600_000) + "\n\n";
      byte[] jar = streamedZip(entries("META-INF/MANIFEST.MF", manifest.getBytes(StandardCharsets.UTF_8)));

      List<Fact> facts = analyze(analyzer, "/app/app.jar", jar);

      assertThat(packages(facts)).isEmpty();
      assertThat(warnings(facts)).containsExactly("manifest not read: its main section is over 1048576 bytes");
    }
  }
}
