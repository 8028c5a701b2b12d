package dev.bulwark.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.testing.Tools;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential tests against the real tools: {@code dpkg --compare-versions}, Debian's rpm through
 * python3-rpm ({@code rpm.labelCompare} on {@code rpm.ver}'s parse), and Maven's own
 * {@code ComparableVersion} fetched from Maven Central at test time. Each runs on at least 10,000
 * pairs of real versions (from the vector files) and random variants of them; every pair must
 * agree.
 */
@Tag("system")
class VersionOracleTest {
  private static final int PAIRS = 12_000;
  private static final String MAVEN_ARTIFACT = "org.apache.maven:maven-artifact:3.9.11";

  @TempDir Path temp;

  private static List<String> versionsOf(String... files) {
    return Stream.of(files).flatMap(f -> VectorFile.load(f).versions().stream()).distinct().toList();
  }

  private static Path write(Path file, List<String[]> pairs) throws IOException {
    List<String> lines = pairs.stream().map(p -> p[0] + " " + p[1]).toList();
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static List<String> disagreements(VersionScheme scheme, List<String[]> pairs, List<String> results) {
    assertThat(results).hasSameSizeAs(pairs);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      String tool = results.get(i).strip();
      String a = pairs.get(i)[0];
      String b = pairs.get(i)[1];
      if (tool.equals("E")) {
        continue; // the tool refused the input; checked separately
      }
      int ours = Integer.signum(scheme.compare(a, b));
      if (ours != Integer.parseInt(tool)) {
        out.add(a + " vs " + b + ": tool " + tool + ", ours " + ours);
      }
    }
    return out;
  }

  @Test
  void dpkgCompareVersionsAgrees() throws IOException {
    Tools.assumeTools("dpkg", "bash");
    List<String> real = versionsOf("osv-scalibr/debian-versions.txt", "osv-scalibr/debian-versions-generated.txt");
    Mutations mutations = new Mutations(1, List.of("~", "~~", "+", ".", "-", "a", "Z", "0", "~rc1", "+deb12u1",
        "+b1", "-1", "1:", ":", "00", "9"));
    List<String[]> pairs = mutations.pairs(mutations.expand(real, 4_000), PAIRS);
    Path input = write(temp.resolve("pairs"), pairs);
    String script = """
        while IFS=' ' read -r a b; do
          if dpkg --compare-versions "$a" lt "$b" 2>/dev/null; then echo -1
          else rc=$?
            if [ $rc -ne 1 ]; then echo E
            elif dpkg --compare-versions "$a" eq "$b" 2>/dev/null; then echo 0
            else echo 1; fi
          fi
        done < "$1"
        """;
    List<String> results = Tools.run(Duration.ofMinutes(8), temp, "bash", "-c", script, "dpkg-oracle",
        input.toString()).lines().toList();
    VersionScheme dpkg = new DpkgScheme();
    assertThat(disagreements(dpkg, pairs, results)).isEmpty();
    long refused = 0;
    for (int i = 0; i < pairs.size(); i++) {
      if (results.get(i).strip().equals("E")) {
        refused++;
        // dpkg refuses only versions it cannot parse; they must be reported invalid.
        assertThat(dpkg.isValid(pairs.get(i)[0]) && dpkg.isValid(pairs.get(i)[1]))
            .as("dpkg refused %s vs %s", pairs.get(i)[0], pairs.get(i)[1]).isFalse();
      }
    }
    System.out.printf("dpkg: %d of %d pairs compared by dpkg --compare-versions (%d refused)%n", pairs.size() - refused,
        pairs.size(), refused);
    assertThat(pairs.size() - refused).as("pairs compared by dpkg").isGreaterThanOrEqualTo(10_000);
  }

  @Test
  void rpmLabelCompareAgrees() throws IOException {
    Tools.assumeTools("python3");
    Path python = Path.of("/usr/bin/python3"); // Debian's python, where python3-rpm lives
    List<String> real = versionsOf("osv-scalibr/redhat-versions.txt", "claircore/rpmvercmp",
        "osv-scalibr/debian-versions-generated.txt");
    Mutations mutations = new Mutations(2, List.of("~", "^", "~~", "^git1", ".", "-", "_", "+", "a", "Z",
        "0", "~rc1", ".el9", ".el9_4.alma.1", "1:", ":", "00", "9", ".module+el9.4.0+20"));
    List<String[]> pairs = mutations.pairs(mutations.expand(real, 4_000), PAIRS);
    Path input = write(temp.resolve("pairs"), pairs);
    Path script = temp.resolve("oracle.py");
    Files.writeString(script, """
        import sys, rpm
        for line in open(sys.argv[1], encoding='utf-8'):
            a, b = line.rstrip('\\n').split(' ')
            try:
                x, y = rpm.ver(a), rpm.ver(b)
                print(rpm.labelCompare((x.e, x.v, x.r), (y.e, y.v, y.r)))
            except Exception:
                print('E')
        """);
    List<String> results = Tools.run(Duration.ofMinutes(5), temp, python.toString(), script.toString(),
        input.toString()).lines().toList();
    assertThat(disagreements(new RpmScheme(), pairs, results)).isEmpty();
    long compared = results.stream().filter(r -> !r.equals("E")).count();
    System.out.printf("rpm: %d of %d pairs compared by rpm.labelCompare%n", compared, pairs.size());
    assertThat(compared).isGreaterThanOrEqualTo(10_000);
  }

  @Test
  void mavenComparableVersionAgrees() throws Exception {
    Tools.assumeTools("mvn");
    Tools.run(Duration.ofMinutes(5), temp, "mvn", "-q", "-B",
        "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
        "-Dartifact=" + MAVEN_ARTIFACT, "-DoutputDirectory=" + temp.resolve("lib"));
    Path jar;
    try (Stream<Path> files = Files.list(temp.resolve("lib"))) {
      jar = files.filter(f -> f.getFileName().toString().startsWith("maven-artifact")).findFirst().orElseThrow();
    }
    List<String> real = versionsOf("osv-scalibr/maven-versions.txt", "osv-scalibr/maven-versions-generated.txt");
    Mutations mutations = new Mutations(3, List.of("-", ".", "_", "a", "b1", "m2", "rc", "RC1", "-SNAPSHOT", "sp",
        "-ga", ".final", "release", "cr", "0", "00", "0000000000", "-1", "x"));
    List<String[]> pairs = mutations.pairs(mutations.expand(real, 4_000), PAIRS);
    VersionScheme maven = new MavenScheme();
    List<String> out = new ArrayList<>();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      Class<?> type = loader.loadClass("org.apache.maven.artifact.versioning.ComparableVersion");
      Constructor<?> create = type.getConstructor(String.class);
      Method compareTo = type.getMethod("compareTo", type);
      for (String[] pair : pairs) {
        int tool = Integer.signum((Integer) compareTo.invoke(create.newInstance(pair[0]), create.newInstance(pair[1])));
        int ours = Integer.signum(maven.compare(pair[0], pair[1]));
        if (tool != ours) {
          out.add(pair[0] + " vs " + pair[1] + ": maven " + tool + ", ours " + ours);
        }
      }
    }
    System.out.printf("maven: %d pairs compared by %s, %d disagreements%n", pairs.size(), MAVEN_ARTIFACT, out.size());
    assertThat(out).isEmpty();
  }
}
