package dev.bulwark.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scheme against the comparison vectors osv-scalibr generated with each ecosystem's own tool
 * (and hand-written edge cases), in both directions; plus antisymmetry and transitivity on random
 * samples of the versions those files mention.
 */
class VersionVectorsTest {
  static Stream<Arguments> files() {
    return Stream.of(
        Arguments.of("dpkg", "osv-scalibr/debian-versions.txt"),
        Arguments.of("dpkg", "osv-scalibr/debian-versions-generated.txt"),
        Arguments.of("apk", "osv-scalibr/alpine-versions.txt"),
        Arguments.of("apk", "osv-scalibr/alpine-versions-generated.txt"),
        Arguments.of("rpm", "osv-scalibr/redhat-versions.txt"),
        Arguments.of("maven", "osv-scalibr/maven-versions.txt"),
        Arguments.of("maven", "osv-scalibr/maven-versions-generated.txt"),
        Arguments.of("pypi", "osv-scalibr/pypi-versions.txt"),
        Arguments.of("pypi", "osv-scalibr/pypi-versions-generated.txt"),
        Arguments.of("rubygems", "osv-scalibr/rubygems-versions.txt"),
        Arguments.of("rubygems", "osv-scalibr/rubygems-versions-generated.txt"),
        Arguments.of("nuget", "osv-scalibr/nuget-versions.txt"),
        Arguments.of("composer", "osv-scalibr/packagist-versions.txt"),
        Arguments.of("composer", "osv-scalibr/packagist-versions-generated.txt"),
        Arguments.of("npm", "osv-scalibr/semver-versions.txt"),
        Arguments.of("semver", "osv-scalibr/semver-versions.txt"),
        Arguments.of("crates", "osv-scalibr/semver-versions.txt"),
        Arguments.of("go", "osv-scalibr/semver-versions.txt"));
  }

  /** The documented exceptions: scheme + file + vector text to the real tool's result. */
  private static Map<String, Integer> exceptions() throws IOException {
    Map<String, Integer> exceptions = new HashMap<>();
    try (InputStream in = VersionVectorsTest.class.getResourceAsStream("/vuln/version/exceptions.tsv")) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t");
        assertThat(fields).as("exception line %s", line).hasSizeGreaterThanOrEqualTo(6);
        exceptions.put(fields[0] + "\t" + fields[1] + "\t" + fields[2], Integer.parseInt(fields[3]));
      }
    }
    return exceptions;
  }

  private static VersionScheme scheme(String name) {
    return VersionSchemes.named(name).orElseThrow();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("files")
  void everyVectorHoldsBothWays(String schemeName, String file) throws IOException {
    VersionScheme scheme = scheme(schemeName);
    Map<String, Integer> exceptions = exceptions();
    VectorFile vectors = VectorFile.load(file);
    assertThat(vectors.vectors()).isNotEmpty();
    List<String> failures = new ArrayList<>();
    int excepted = 0;
    for (VectorFile.Vector v : vectors.vectors()) {
      Integer tool = exceptions.get(schemeName + "\t" + file + "\t" + v.text());
      int expected = tool != null ? tool : v.expected();
      excepted += tool != null ? 1 : 0;
      int forward = Integer.signum(scheme.compare(v.a(), v.b()));
      int backward = Integer.signum(scheme.compare(v.b(), v.a()));
      if (forward != expected || backward != -expected) {
        failures.add(file + ":" + v.line() + ": " + v.text() + " (got " + forward + ", reversed " + backward + ")");
      }
    }
    assertThat(failures).as("%s: %d vectors, %d documented exceptions", file, vectors.vectors().size(), excepted)
        .isEmpty();
  }

  @Test
  void everyExceptionNamesAnExistingVector() throws IOException {
    Map<String, List<String>> texts = new HashMap<>();
    files().forEach(arguments -> {
      String scheme = (String) arguments.get()[0];
      String file = (String) arguments.get()[1];
      texts.computeIfAbsent(scheme + "\t" + file,
          k -> VectorFile.load(file).vectors().stream().map(VectorFile.Vector::text).toList());
    });
    for (String key : exceptions().keySet()) {
      String[] parts = key.split("\t");
      assertThat(texts.get(parts[0] + "\t" + parts[1])).as(key).contains(parts[2]);
    }
  }

  @Nested
  class OrderProperties {
    private static final int SAMPLES = 20_000;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.bulwark.vuln.version.VersionVectorsTest#files")
    void antisymmetricAndTransitiveOnRandomSamples(String schemeName, String file) {
      VersionScheme scheme = scheme(schemeName);
      List<String> versions = VectorFile.load(file).versions();
      Random random = new Random(file.hashCode() * 31L + schemeName.hashCode());
      List<String> failures = new ArrayList<>();
      for (int n = 0; n < SAMPLES && failures.size() < 10; n++) {
        String a = versions.get(random.nextInt(versions.size()));
        String b = versions.get(random.nextInt(versions.size()));
        String c = versions.get(random.nextInt(versions.size()));
        int ab = Integer.signum(scheme.compare(a, b));
        int bc = Integer.signum(scheme.compare(b, c));
        int ac = Integer.signum(scheme.compare(a, c));
        if (ab != -Integer.signum(scheme.compare(b, a))) {
          failures.add("not antisymmetric: " + a + " vs " + b);
        }
        if (scheme.compare(a, a) != 0) {
          failures.add("not reflexive: " + a);
        }
        if (ab <= 0 && bc <= 0 && ac > 0 || ab >= 0 && bc >= 0 && ac < 0) {
          failures.add("not transitive: " + a + " " + ab + " " + b + " " + bc + " " + c + " but " + ac);
        }
      }
      assertThat(failures).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.bulwark.vuln.version.VersionVectorsTest#files")
    void sortingAgreesWithEveryPairwiseComparison(String schemeName, String file) {
      // A sort with an inconsistent comparator throws or leaves pairs out of order.
      VersionScheme scheme = scheme(schemeName);
      List<String> versions = new ArrayList<>(VectorFile.load(file).versions());
      java.util.Collections.shuffle(versions, new Random(7));
      List<String> sample = versions.subList(0, Math.min(600, versions.size()));
      sample.sort(scheme);
      for (int i = 0; i < sample.size(); i++) {
        for (int j = i + 1; j < sample.size(); j++) {
          assertThat(scheme.compare(sample.get(i), sample.get(j)))
              .as("%s before %s", sample.get(i), sample.get(j)).isLessThanOrEqualTo(0);
        }
      }
    }
  }
}
