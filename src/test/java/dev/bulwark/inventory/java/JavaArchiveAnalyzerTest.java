package dev.bulwark.inventory.java;

import static dev.bulwark.inventory.java.TestArchives.analyze;
import static dev.bulwark.inventory.java.TestArchives.bytes;
import static dev.bulwark.inventory.java.TestArchives.coordinates;
import static dev.bulwark.inventory.java.TestArchives.entries;
import static dev.bulwark.inventory.java.TestArchives.packages;
import static dev.bulwark.inventory.java.TestArchives.pom;
import static dev.bulwark.inventory.java.TestArchives.sha1;
import static dev.bulwark.inventory.java.TestArchives.streamedZip;
import static dev.bulwark.inventory.java.TestArchives.text;
import static dev.bulwark.inventory.java.TestArchives.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JavaArchiveAnalyzerTest {
  private final JavaArchiveAnalyzer analyzer = new JavaArchiveAnalyzer();

  @Nested
  class Required {
    @ParameterizedTest
    @ValueSource(strings = {"/app/a.jar", "/app/A.JAR", "/srv/app.War", "/x/app.ear", "/x/a.par", "/x/a.sar",
        "/var/jenkins/plugins/git.jpi", "/x/git.HPI", "/opt/karaf/deploy/feature.kar", "/a.jar"})
    void wantsJavaArchivesInAnyCase(String path) {
      assertThat(AnalyzerHarness.requires(analyzer, path, 0644)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app/a.zip", "/app/jar", "/app/a.jarx", "/app/.jar", "/app/a.jmod", "/app/a.tar",
        "/app/ajar", "/usr/lib/jvm/lib/modules", "/app/a.rar", "/app/a.jpg"})
    void ignoresOtherFiles(String path) {
      assertThat(AnalyzerHarness.requires(analyzer, path, 0644)).isFalse();
    }
  }

  @Nested
  class OwnAndEmbeddedArtifacts {
    @Test
    void singlePomPropertiesIsTheArchivesOwnWhenTheFileNameSaysNothing() throws IOException {
      byte[] jar = bytes("maven-commons-text/commons-text-1.9.jar");

      List<PackageRecord> found = packages(analyze(analyzer, "/app/app.jar", jar));

      assertThat(found).singleElement().satisfies(p -> {
        assertThat(p.name()).isEqualTo("org.apache.commons:commons-text");
        assertThat(p.sha1()).contains(sha1(jar));
        assertThat(p.properties()).doesNotContainKey(ArchiveIdentity.EMBEDDED);
      });
    }

    @Test
    void fileNameNamingAnotherArtifactMakesThePomEmbedded() throws IOException {
      byte[] jar = bytes("maven-commons-text/commons-text-1.9.jar");

      List<PackageRecord> found = packages(analyze(analyzer, "/app/foo-1.0.jar", jar));

      assertThat(found).extracting(PackageRecord::name, PackageRecord::version, PackageRecord::sha1)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("org.apache.commons:commons-text", "1.9", Optional.empty()),
              org.assertj.core.groups.Tuple.tuple("foo", "1.0", Optional.of(sha1(jar))));
    }

    @Test
    void shadedJarWithoutAUsableNameReportsEveryPomAndItsManifestIdentity() throws IOException {
      // surefire-api shades plexus-utils; named app.jar, neither pom.properties is obviously its own, but
      // the manifest's Implementation-Title ("SureFire API") is not an artifactId either.
      byte[] jar = bytes("shaded-surefire-api/surefire-api-2.12.4.jar");

      List<PackageRecord> found = packages(analyze(analyzer, "/app/app.jar", jar));

      assertThat(found).extracting(PackageRecord::name).containsExactly(
          "org.apache.maven.surefire:surefire-api", "org.codehaus.plexus:plexus-utils");
      assertThat(found).allSatisfy(p -> {
        assertThat(p.sha1()).isEmpty();
        assertThat(p.properties()).containsEntry(ArchiveIdentity.EMBEDDED, "true");
      });
    }

    @Test
    void classifierInTheFileNameStillNamesTheOwnArtifact() throws IOException {
      byte[] jar = streamedZip(entries("META-INF/maven/io.netty/netty-tcnative/pom.properties",
          pom("io.netty", "netty-tcnative", "2.0.61.Final"),
          "META-INF/maven/org.example/helper/pom.properties", pom("org.example", "helper", "1.0")));

      List<PackageRecord> found =
          packages(analyze(analyzer, "/app/netty-tcnative-2.0.61.Final-linux-x86_64.jar", jar));

      assertThat(found.getFirst().name()).isEqualTo("io.netty:netty-tcnative");
      assertThat(found.getFirst().sha1()).contains(sha1(jar));
      assertThat(found.get(1).properties()).containsEntry(ArchiveIdentity.EMBEDDED, "true");
    }

    @Test
    void duplicatePomPropertiesAreReportedOnce() throws IOException {
      byte[] jar = streamedZip(entries("META-INF/maven/a/b/pom.properties", pom("a", "b", "1"),
          "BOOT-INF/classes/META-INF/maven/a/b/pom.properties", pom("a", "b", "1")));

      assertThat(coordinates(analyze(analyzer, "/app/b-1.jar", jar))).containsExactly("a:b 1");
    }

    @Test
    void incompletePomPropertiesAreIgnored() throws IOException {
      byte[] jar = streamedZip(entries(
          "META-INF/maven/a/b/pom.properties", "groupId=a\nartifactId=b\nversion=${project.version}\n",
          "META-INF/maven/c/d/pom.properties", "groupId=c\nversion=1\n",
          "META-INF/maven/e/f/pom.properties", "groupId=e e\nartifactId=f\nversion=1\n"));

      assertThat(analyze(analyzer, "/app/app.jar", jar)).isEmpty();
    }
  }

  @Nested
  class WithoutPomProperties {
    private List<Fact> withManifest(String fileName, String manifest) throws IOException {
      return analyze(analyzer, "/app/" + fileName, streamedZip(entries("META-INF/MANIFEST.MF", manifest,
          "a/A.class", new byte[] {(byte) 0xca, (byte) 0xfe})));
    }

    @Test
    void groupIdIsNotTakenFromTheManifest() throws IOException {
      // jackson-databind's manifest states Implementation-Vendor-Id and Bundle-SymbolicName, both right here,
      // but the same attributes are wrong in other jars.
      List<PackageRecord> found = packages(withManifest("jackson-databind-2.9.10.8.jar",
          text("manifests/jackson-databind-2.9.10.8.MF")));

      assertThat(found).singleElement().satisfies(p -> {
        assertThat(p.name()).isEqualTo("jackson-databind");
        assertThat(p.version()).isEqualTo("2.9.10.8");
        assertThat(p.properties()).containsEntry(ArchiveIdentity.SOURCE, "filename")
            .containsEntry(ArchiveIdentity.GROUP_UNKNOWN, "true");
      });
    }

    @Test
    void vendorIdIsNotTakenForTheGroupId() throws IOException {
      // Apache Ivy's Ant build writes Implementation-Vendor-Id: org.apache; its groupId is org.apache.ivy.
      List<PackageRecord> found = packages(withManifest("no_pom_properties-2.4.0.jar",
          text("manifests/combine-manifest-filename.MF")));

      assertThat(found).singleElement().satisfies(p -> {
        assertThat(p.name()).isEqualTo("no_pom_properties");
        assertThat(p.version()).isEqualTo("2.4.0");
        assertThat(p.properties()).containsEntry(ArchiveIdentity.GROUP_UNKNOWN, "true");
      });
    }

    @Test
    void bundleSymbolicNameIsNotTurnedIntoAGroupId() throws IOException {
      // Bundle-SymbolicName org.apache.tomcat-embed-websocket; the artifact is
      // org.apache.tomcat.embed:tomcat-embed-websocket, which no rule on that name would find.
      List<PackageRecord> found = packages(withManifest("test.jar",
          text("manifests/trivy-tomcat-embed-websocket.MF")));

      assertThat(found).singleElement().satisfies(p -> {
        assertThat(p.name()).isEqualTo("tomcat-embed-websocket");
        assertThat(p.version()).isEqualTo("9.0.65");
        assertThat(p.properties()).containsEntry(ArchiveIdentity.SOURCE, "manifest")
            .containsEntry(ArchiveIdentity.GROUP_UNKNOWN, "true");
      });
    }

    @Test
    void manifestTitleAndVersionNameAGradleBuiltJar() throws IOException {
      assertThat(coordinates(withManifest("app.jar", text("manifests/known-group-id.MF"))))
          .containsExactly("spring-web 5.3.26");
    }

    @Test
    void placeholdersAndTitlesWithSpacesAreNotArtifactIds() throws IOException {
      // Implementation-Title %pluginName, Specification-Title with spaces: Bundle-Name is the first usable one.
      assertThat(coordinates(withManifest("app.jar", text("manifests/invalid-ids.MF"))))
          .containsExactly("correct.name 1.2.3");
      assertThat(withManifest("app.jar", text("manifests/manifest-implementation-title.MF"))).isEmpty();
      assertThat(withManifest("app.jar", text("manifests/manifest-symbolicname.MF"))).isEmpty();
    }

    @Test
    void attributesOfPerEntrySectionsAreNotTheArchives() throws IOException {
      // Apache Axis puts Implementation-Title/-Version under "Name: org/apache/axis".
      assertThat(withManifest("axis.jar", text("manifests/axis.MF"))).isEmpty();
      assertThat(coordinates(withManifest("axis-1.4.jar", text("manifests/axis.MF")))).containsExactly("axis 1.4");
    }

    @Test
    void versionIsTheFirstWordOfAWordyManifestVersion() throws IOException {
      assertThat(coordinates(withManifest("app.jar",
          "Manifest-Version: 1.0\nImplementation-Title: axis\nImplementation-Version: 1.4 1855 April 22 2006\n")))
          .containsExactly("axis 1.4");
    }

    @Test
    void nothingIsReportedWithoutANameAndAVersion() throws IOException {
      assertThat(withManifest("app.jar", "Manifest-Version: 1.0\nImplementation-Title: app\n")).isEmpty();
      // "Name: some-package" in the main section is no artifactId.
      assertThat(withManifest("app.jar", text("manifests/manifest-no-group-id.MF"))).isEmpty();
      assertThat(analyze(analyzer, "/app/lib.jar", streamedZip(entries("a.txt", "a")))).isEmpty();
    }
  }

  @Nested
  class NestedArchives {
    @Test
    void eachNestedArchiveCarriesTheSha1OfItsOwnBytes() throws IOException {
      byte[] boot = bytes("spring-boot/demo-boot-0.0.1-SNAPSHOT.jar");
      Map<String, String> expected = new HashMap<>();
      try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(boot))) {
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
          if (e.getName().endsWith(".jar")) {
            expected.put(e.getName(), sha1(zip.readAllBytes()));
          }
        }
      }

      List<PackageRecord> nested = packages(analyze(analyzer, "/app/app.jar", boot)).stream()
          .filter(p -> p.innerPath().isPresent() && p.sha1().isPresent())
          .toList();

      assertThat(nested).hasSize(expected.size());
      assertThat(nested).allSatisfy(p -> assertThat(p.sha1()).contains(expected.get(p.innerPath().get())));
    }

    @Test
    void innerPathsOfDeeperArchivesJoinEntryNamesWithBangSlash() throws IOException {
      List<PackageRecord> found = packages(analyze(analyzer, "/srv/demo-ear-1.0.ear", bytes("ear/demo-ear-1.0.ear")));

      assertThat(found).filteredOn(p -> p.name().endsWith(":plexus-utils")).singleElement()
          .extracting(p -> p.innerPath().orElseThrow())
          .isEqualTo("demo-web-1.0.war!/WEB-INF/lib/surefire-api-2.12.4.jar");
    }

    @Test
    void archivesNestedDeeperThanTheBoundAreNotOpened() throws IOException {
      JavaArchiveAnalyzer shallow = new JavaArchiveAnalyzer(bounds(b -> b.maxDepth = 1));

      List<Fact> facts = analyze(shallow, "/srv/demo-ear-1.0.ear", bytes("ear/demo-ear-1.0.ear"));

      assertThat(coordinates(facts)).containsExactly("dev.bulwark.fixture:demo-ear 1.0",
          "dev.bulwark.fixture:demo-web 1.0", "com.google.guava:failureaccess 1.0.1");
      assertThat(warnings(facts)).containsExactly(
          "demo-web-1.0.war: not read, nested more than 1 archives deep: WEB-INF/lib/spring-jcl-5.3.26.jar",
          "demo-web-1.0.war: not read, nested more than 1 archives deep: WEB-INF/lib/surefire-api-2.12.4.jar");
    }
  }

  @Nested
  class Reading {
    @Test
    void streamsArchivesWithoutSpillingThemToDisk() throws IOException {
      byte[] boot = bytes("spring-boot/demo-boot-0.0.1-SNAPSHOT.jar");

      List<Fact> facts = analyzer.analyze(
          TestArchives.streamOnly("/app/demo-boot-0.0.1-SNAPSHOT.jar", new ByteArrayInputStream(boot), boot.length));

      assertThat(packages(facts)).hasSize(6);
      assertThat(warnings(facts)).isEmpty();
    }

    @Test
    void streamsPastTheLaunchScriptOfAnExecutableJar() throws IOException {
      byte[] executable = prefixed(("#!/bin/bash\n# launch script\n" + "exec java -jar \"$0\" \"$@\"\n".repeat(400))
          .getBytes(StandardCharsets.US_ASCII), bytes("maven-failureaccess/failureaccess-1.0.1.jar"));

      List<Fact> facts = analyzer.analyze(TestArchives.streamOnly("/app/failureaccess-1.0.1.jar",
          new ByteArrayInputStream(executable), executable.length));

      assertThat(packages(facts)).singleElement().satisfies(p -> {
        assertThat(p.name()).isEqualTo("com.google.guava:failureaccess");
        assertThat(p.sha1()).contains(sha1(executable));
      });
      assertThat(warnings(facts)).isEmpty();
    }

    @Test
    void readsAnArchiveWithALongPreambleByItsCentralDirectory() throws IOException {
      byte[] stub = new byte[200_000];
      java.util.Arrays.fill(stub, (byte) 'M');
      byte[] selfExtracting = prefixed(stub, bytes("maven-failureaccess/failureaccess-1.0.1.jar"));

      List<Fact> facts = analyze(analyzer, "/app/failureaccess-1.0.1.jar", selfExtracting);

      assertThat(packages(facts)).singleElement().satisfies(p -> {
        assertThat(p.name()).isEqualTo("com.google.guava:failureaccess");
        assertThat(p.sha1()).contains(sha1(selfExtracting));
      });
      assertThat(warnings(facts)).isEmpty();
    }

    private static byte[] prefixed(byte[] prefix, byte[] archive) {
      byte[] out = java.util.Arrays.copyOf(prefix, prefix.length + archive.length);
      System.arraycopy(archive, 0, out, prefix.length, archive.length);
      return out;
    }

    @Test
    void readsStoredEntriesWithDataDescriptors() throws IOException {
      byte[] jar = TestArchives.storedWithDescriptors(entries("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n",
          "META-INF/maven/a/b/pom.properties", pom("a", "b", "1.0"), "a/A.class", new byte[4000]));

      List<Fact> facts = analyze(analyzer, "/app/b-1.0.jar", jar);

      assertThat(packages(facts)).singleElement().satisfies(p -> {
        assertThat(p.name()).isEqualTo("a:b");
        assertThat(p.sha1()).contains(sha1(jar));
      });
      assertThat(warnings(facts)).isEmpty();
    }

    @Test
    void readsANestedArchiveStoredWithADataDescriptor() throws IOException {
      // Its end is the descriptor whose size matches, not the first zip signature in the nested archive.
      byte[] inner = TestArchives.storedWithDescriptors(entries("META-INF/maven/a/inner/pom.properties",
          pom("a", "inner", "2.0")));
      byte[] outer = TestArchives.storedWithDescriptors(entries(
          "META-INF/maven/a/outer/pom.properties", pom("a", "outer", "1.0"), "lib/inner-2.0.jar", inner,
          "META-INF/maven/a/last/pom.properties", pom("a", "last", "3.0")));

      List<Fact> facts = analyze(analyzer, "/app/outer-1.0.jar", outer);

      assertThat(packages(facts)).extracting(PackageRecord::name, p -> p.sha1().orElse("-")).containsExactly(
          org.assertj.core.groups.Tuple.tuple("a:outer", sha1(outer)),
          org.assertj.core.groups.Tuple.tuple("a:last", "-"),
          org.assertj.core.groups.Tuple.tuple("a:inner", sha1(inner)));
      assertThat(warnings(facts)).isEmpty();
    }

    @Test
    void passesOverEntriesWithDataDescriptorsWithoutReadingThem() throws IOException {
      // Descriptors with and without signature, DEFLATED (jar tool, hand-made) and STORED (hand-made).
      byte[] deflated = streamedZip(entries("a/A.class", new byte[100_000], "a/B.class", "x".repeat(70_000),
          "META-INF/maven/a/b/pom.properties", pom("a", "b", "1")));
      byte[] stored = TestArchives.storedWithDescriptors(entries("a/A.class", new byte[100_000],
          "META-INF/maven/a/b/pom.properties", pom("a", "b", "1")));
      Map<String, byte[]> content = entries("a/A.class", new byte[100_000], "a/B.class", "x".repeat(70_000),
          "META-INF/maven/a/b/pom.properties", pom("a", "b", "1"));

      for (byte[] jar : List.of(deflated, stored, TestArchives.withDescriptors(content, true, false),
          TestArchives.withDescriptors(content, false, false))) {
        List<Fact> facts = analyze(analyzer, "/app/b-1.jar", jar);
        assertThat(coordinates(facts)).containsExactly("a:b 1");
        assertThat(warnings(facts)).isEmpty();
      }
    }

    @Test
    void readsZip64Archives(@TempDir Path dir) throws IOException {
      Map<String, byte[]> content = entries("a/A.class", new byte[50_000], "lib/failureaccess-1.0.1.jar",
          bytes("maven-failureaccess/failureaccess-1.0.1.jar"),
          "META-INF/maven/a/b/pom.properties", pom("a", "b", "1"));
      // Sizes in ZIP64 extra fields of the local headers (seekable), or in ZIP64 data descriptors (streamed).
      java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
      Path seekable = dir.resolve("seekable.jar");
      for (ZipArchiveOutputStream zip : List.of(new ZipArchiveOutputStream(streamed),
          new ZipArchiveOutputStream(seekable))) {
        try (zip) {
          zip.setUseZip64(Zip64Mode.Always);
          for (Map.Entry<String, byte[]> e : content.entrySet()) {
            zip.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
            zip.write(e.getValue());
            zip.closeArchiveEntry();
          }
        }
      }

      for (byte[] jar : List.of(streamed.toByteArray(), Files.readAllBytes(seekable))) {
        List<Fact> facts = analyze(analyzer, "/app/b-1.jar", jar);
        assertThat(coordinates(facts)).containsExactly("a:b 1", "com.google.guava:failureaccess 1.0.1");
        assertThat(packages(facts).getFirst().sha1()).contains(sha1(jar));
        assertThat(warnings(facts)).isEmpty();
      }
    }

    @Test
    void failureOfTheLayerStreamIsThrownNotReported() {
      byte[] jar = bytes("maven-commons-text/commons-text-1.9.jar");
      IOException broken = new IOException("layer blob truncated");
      InputStream failing = new FilterInputStream(new ByteArrayInputStream(jar, 0, 100_000)) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n < 0) {
            throw broken;
          }
          return n;
        }
      };

      assertThatThrownBy(() -> analyzer.analyze(TestArchives.streamOnly("/app/a.jar", failing, jar.length)))
          .isSameAs(broken);
    }
  }

  /** Mutable copy of the default bounds, for tests that lower one. */
  static final class BoundsBuilder {
    int maxDepth = ArchiveBounds.DEFAULT.maxDepth();
    long maxEntries = ArchiveBounds.DEFAULT.maxEntries();
    long maxExpandedBytes = ArchiveBounds.DEFAULT.maxExpandedBytes();
    long expansionAllowance = ArchiveBounds.DEFAULT.expansionAllowance();
    long expansionRatio = ArchiveBounds.DEFAULT.expansionRatio();
    long maxRandomAccessBytes = ArchiveBounds.DEFAULT.maxRandomAccessBytes();
    int maxManifestMainSectionBytes = ArchiveBounds.DEFAULT.maxManifestMainSectionBytes();
    int maxWarnings = ArchiveBounds.DEFAULT.maxWarnings();
  }

  static ArchiveBounds bounds(java.util.function.Consumer<BoundsBuilder> change) {
    BoundsBuilder b = new BoundsBuilder();
    change.accept(b);
    ArchiveBounds d = ArchiveBounds.DEFAULT;
    return new ArchiveBounds(b.maxDepth, b.maxEntries, b.maxExpandedBytes, b.expansionAllowance, b.expansionRatio,
        d.maxDescriptorBytes(), b.maxManifestMainSectionBytes, b.maxRandomAccessBytes, d.maxEntryNameChars(),
        b.maxWarnings);
  }
}
