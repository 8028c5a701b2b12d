package dev.bulwark.inventory.python;

import dev.bulwark.inventory.FixtureTree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PythonPackageAnalyzerTest {
  private static final PythonPackageAnalyzer ANALYZER = new PythonPackageAnalyzer();
  private static final String METADATA = "/usr/lib/python3/site-packages/a-1.0.dist-info/METADATA";

  static List<Path> cases() throws IOException, URISyntaxException {
    return FixtureTree.cases("python");
  }

  @Nested
  class Fixtures {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.inventory.python.PythonPackageAnalyzerTest#cases")
    void reportsInstalledDistributions(Path caseDir) throws IOException {
      FixtureTree.assertExpected("python", caseDir, FixtureTree.run(caseDir, List.of(ANALYZER)));
    }
  }

  @Nested
  class Selection {
    @ParameterizedTest
    @ValueSource(strings = {
        "/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA",
        "/opt/odd/place/x.dist-info/METADATA",
        "/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO",
        "/usr/lib/python3/dist-packages/rpm-4.18.0.egg-info",
        "/usr/lib/python2.7/site-packages/setuptools-57.4.0-py2.7.egg/EGG-INFO/PKG-INFO",
        "/usr/lib/python2.7/site-packages/kitchen-1.2.6-py2.7.egg"})
    void readsMetadataFiles(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/RECORD",
        "/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/WHEEL",
        "/usr/lib/python3/dist-packages/six-1.16.0.egg-info/top_level.txt",
        "/usr/share/doc/x/METADATA",
        "/METADATA",
        "/dist-info/METADATA",
        "/src/project/PKG-INFO",
        "/usr/lib/python3/dist-packages/x.whl",
        "/usr/lib/python3/dist-packages/x.dist-info/METADATA.bak",
        "/usr/lib/python3/dist-packages/x.egg-info.orig"})
    void skipsOtherFiles(String path) {
      assertThat(AnalyzerHarness.requires(ANALYZER, path, 0644)).isFalse();
    }
  }

  @Nested
  class Licenses {
    @Test
    void licenseExpressionWins() throws IOException {
      assertThat(licenses("License-Expression: MIT OR Apache-2.0\nLicense: BSD\n"))
          .containsExactly("MIT OR Apache-2.0");
    }

    @Test
    void unknownLicenseFallsBackToClassifiers() throws IOException {
      assertThat(licenses("License: UNKNOWN\nClassifier: License :: OSI Approved :: MIT License\n"))
          .containsExactly("MIT License");
    }

    @Test
    void licenseTextFallsBackToClassifiers() throws IOException {
      String text = "License: " + "x".repeat(101) + "\nClassifier: License :: Public Domain\n";
      assertThat(licenses(text)).containsExactly("Public Domain");
    }

    @Test
    void bareOsiApprovedClassifierNamesNoLicence() throws IOException {
      assertThat(licenses("Classifier: License :: OSI Approved\n")).isEmpty();
    }

    private List<String> licenses(String fields) throws IOException {
      return single(analyze(METADATA, "Metadata-Version: 2.1\nName: a\nVersion: 1.0\n" + fields)).licenses();
    }
  }

  @Nested
  class HeaderParsing {
    @Test
    void stopsAtTheFirstEmptyLine() throws IOException {
      PackageRecord pkg = single(analyze(METADATA, "Name: a\nVersion: 1.0\n\nName: b\nLicense: MIT\n"));
      assertThat(pkg.name()).isEqualTo("a");
      assertThat(pkg.licenses()).isEmpty();
    }

    @Test
    void readsCrlfLines() throws IOException {
      PackageRecord pkg = single(analyze(METADATA, "Name: a\r\nVersion: 1.0\r\nLicense: MIT\r\n\r\nbody"));
      assertThat(pkg.version()).isEqualTo("1.0");
      assertThat(pkg.licenses()).containsExactly("MIT");
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws IOException {
      byte[] content = "Name: caf\u00ff\nVersion: 1.0\n".getBytes(StandardCharsets.ISO_8859_1);
      assertThat(single(AnalyzerHarness.analyze(ANALYZER, METADATA, content)).name()).isEqualTo("caf\ufffd");
    }

    @Test
    void reportsPyPiPackages() throws IOException {
      assertThat(single(analyze(METADATA, "Name: a\nVersion: 1.0\n")).type()).isEqualTo(PackageType.PYPI);
    }
  }

  @Nested
  class MalformedInput {
    @ParameterizedTest
    @ValueSource(strings = {"", "\n\nName: a\nVersion: 1\n", "Name: a\n", "Version: 1\n", "Name:\nVersion: 1\n",
        "\u0000\u0001\u0002"})
    void metadataWithoutNameAndVersionIsAWarning(String content) throws IOException {
      assertThat(analyze(METADATA, content)).singleElement().isInstanceOf(Fact.Warning.class);
    }

    @Test
    void oversizedMetadataIsAWarningWithoutReading() throws IOException {
      byte[] big = new byte[(int) PythonPackageAnalyzer.MAX_METADATA_BYTES + 1];
      assertThat(AnalyzerHarness.analyze(ANALYZER, METADATA, big)).singleElement().isInstanceOf(Fact.Warning.class);
    }

    @Test
    void eggThatIsNoZipIsAWarning() throws IOException {
      assertThat(analyze("/x/a-1.0.egg", "not a zip")).singleElement().isInstanceOf(Fact.Warning.class);
    }

    @Test
    void eggWhoseMetadataInflatesPastTheLimitIsAWarning() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
        zip.putNextEntry(new ZipEntry("EGG-INFO/PKG-INFO"));
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i <= PythonPackageAnalyzer.MAX_METADATA_BYTES >> 20; i++) {
          zip.write(chunk);
        }
        zip.closeEntry();
      }
      assertThat(AnalyzerHarness.analyze(ANALYZER, "/x/bomb-1.0.egg", bytes.toByteArray()))
          .singleElement().isInstanceOf(Fact.Warning.class);
    }
  }

  private static PackageRecord single(List<Fact> facts) {
    assertThat(facts).singleElement().isInstanceOf(Fact.FoundPackage.class);
    return AnalyzerHarness.packages(facts).getFirst();
  }

  private static List<Fact> analyze(String path, String content) throws IOException {
    return AnalyzerHarness.analyze(ANALYZER, path, content.getBytes(StandardCharsets.UTF_8));
  }
}
