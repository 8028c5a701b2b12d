package dev.bulwark.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential tests against the language ecosystems' own implementations, where this machine has
 * them (Debian packages: golang-go, python3-packaging, ruby, php-cli with php-composer-semver,
 * node-semver), on at least 10,000 compared pairs each (4,000 for npm, whose grammar refuses most
 * variants); each test is skipped when its tool is missing. Pairs the tool refuses ('E') are
 * left out: there the schemes follow their documented fallback.
 */
@Tag("system")
class EcosystemOracleTest {
  private static final int PAIRS = 24_000;

  private static final Pattern LONG_NUMBER = Pattern.compile("[0-9]{19}");

  @TempDir Path temp;

  private static List<String> versionsOf(String... files) {
    return Stream.of(files).flatMap(f -> VectorFile.load(f).versions().stream()).distinct().toList();
  }

  private List<String[]> pairs(long seed, List<String> real, List<String> pieces) {
    Mutations mutations = new Mutations(seed, pieces);
    return mutations.pairs(mutations.expand(real, 4_000), PAIRS);
  }

  /** Runs the oracle on the pairs (one "a b" per line in its first argument) and checks every answer. */
  private void agree(VersionScheme scheme, List<String[]> pairs, int minimumCompared, String... command)
      throws IOException {
    Path input = temp.resolve("pairs");
    Files.write(input, pairs.stream().map(p -> p[0] + " " + p[1]).toList(), StandardCharsets.UTF_8);
    List<String> full = new ArrayList<>(List.of(command));
    full.add(input.toString());
    List<String> results = Tools.run(Duration.ofMinutes(5), temp, full).lines().toList();
    assertThat(results).hasSameSizeAs(pairs);
    List<String> disagreements = new ArrayList<>();
    int compared = 0;
    for (int i = 0; i < pairs.size(); i++) {
      String tool = results.get(i).strip();
      if (tool.equals("E")) {
        continue;
      }
      compared++;
      int ours = Integer.signum(scheme.compare(pairs.get(i)[0], pairs.get(i)[1]));
      if (ours != Integer.signum(Integer.parseInt(tool))) {
        disagreements.add(pairs.get(i)[0] + " vs " + pairs.get(i)[1] + ": tool " + tool + ", ours " + ours);
      }
    }
    System.out.printf("%s: %d of %d pairs compared by %s, %d disagreements%n", scheme.name(), compared,
        pairs.size(), command[0], disagreements.size());
    assertThat(disagreements).isEmpty();
    assertThat(compared).as("pairs the tool compared").isGreaterThanOrEqualTo(minimumCompared);
  }

  private Path script(String name, String text) throws IOException {
    Path file = temp.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void goModSemverAgrees() throws IOException {
    Tools.assumeTools("go");
    String goroot = Tools.run(Duration.ofMinutes(1), temp, "go", "env", "GOROOT").strip();
    Path vendored = Path.of(goroot, "src/cmd/vendor/golang.org/x/mod/semver/semver.go");
    Assumptions.assumeTrue(Files.isRegularFile(vendored), "no x/mod/semver in " + goroot);
    Path module = Files.createDirectories(temp.resolve("oracle/semver"));
    Files.copy(vendored, module.resolve("semver.go"));
    Files.writeString(temp.resolve("oracle/go.mod"), "module oracle\n\ngo 1.19\n");
    Files.writeString(temp.resolve("oracle/main.go"), """
        package main

        import (
        \t"bufio"
        \t"fmt"
        \t"os"
        \t"strings"

        \t"oracle/semver"
        )

        func v(s string) string {
        \tif strings.HasPrefix(s, "v") {
        \t\treturn s
        \t}
        \treturn "v" + s
        }

        func main() {
        \tf, _ := os.Open(os.Args[1])
        \tscanner := bufio.NewScanner(f)
        \tout := bufio.NewWriter(os.Stdout)
        \tdefer out.Flush()
        \tfor scanner.Scan() {
        \t\tp := strings.Split(scanner.Text(), " ")
        \t\tfmt.Fprintln(out, semver.Compare(v(p[0]), v(p[1])))
        \t}
        }
        """);
    Tools.run(Duration.ofMinutes(3), temp.resolve("oracle"), "go", "build", "-o", temp.resolve("go-oracle").toString(),
        ".");
    List<String> real = versionsOf("osv-scalibr/semver-versions.txt", "osv-scalibr/maven-versions-generated.txt");
    List<String[]> pairs = pairs(4, real, List.of("-", ".", "+", "v", "0", "00", "-rc.1", "+incompatible",
        "-0.20191109021931-daa7c04131f5", "-pre", ".1", "a"));
    agree(VersionSchemes.named("go").orElseThrow(), pairs, 10_000, temp.resolve("go-oracle").toString());
  }

  @Test
  void pythonPackagingAgrees() throws IOException {
    Path python = Path.of("/usr/bin/python3");
    Assumptions.assumeTrue(Files.isExecutable(python), "no Debian python3");
    Assumptions.assumeTrue(Tools.run(Duration.ofMinutes(1), temp, python.toString(), "-c",
        "import importlib.util; print(importlib.util.find_spec('packaging') is not None)").strip().equals("True"),
        "python3-packaging is not installed");
    Path script = script("oracle.py", """
        import sys
        from packaging.version import Version, InvalidVersion
        for line in open(sys.argv[1], encoding='utf-8'):
            a, b = line.rstrip('\\n').split(' ')
            try:
                x, y = Version(a), Version(b)
                print((x > y) - (x < y))
            except InvalidVersion:
                print('E')
        """);
    List<String> real = versionsOf("osv-scalibr/pypi-versions.txt", "osv-scalibr/pypi-versions-generated.txt");
    List<String[]> pairs = pairs(5, real, List.of(".", "-", "_", "!", "+local.1", "a1", "b", "rc", "c2", "pre",
        "preview", ".post1", "-1", "rev", "r", ".dev0", "dev", "0", "00", "1!", "+A.b-2", "alpha"));
    agree(VersionSchemes.named("pypi").orElseThrow(), pairs, 10_000, python.toString(), script.toString());
  }

  @Test
  void rubyGemVersionAgrees() throws IOException {
    Tools.assumeTools("ruby");
    Path script = script("oracle.rb", """
        File.foreach(ARGV[0]) do |line|
          a, b = line.chomp.split(' ')
          if Gem::Version.correct?(a) && Gem::Version.correct?(b)
            puts(Gem::Version.new(a) <=> Gem::Version.new(b))
          else
            puts 'E'
          end
        end
        """);
    List<String> real = versionsOf("osv-scalibr/rubygems-versions.txt", "osv-scalibr/rubygems-versions-generated.txt");
    List<String[]> pairs = pairs(6, real, List.of(".", "-", "a", "B", ".pre", ".rc1", "-beta.1", "0", ".0", "00",
        "x", ".a.1"));
    agree(VersionSchemes.named("rubygems").orElseThrow(), pairs, 10_000, "ruby", script.toString());
  }

  @Test
  void composerAgrees() throws IOException {
    Tools.assumeTools("php");
    Path autoload = Path.of("/usr/share/php/Composer/Semver/autoload.php");
    Assumptions.assumeTrue(Files.isRegularFile(autoload), "php-composer-semver is not installed");
    Path script = script("oracle.php", """
        <?php
        require '/usr/share/php/Composer/Semver/autoload.php';
        $parser = new Composer\\Semver\\VersionParser();
        foreach (file($argv[1], FILE_IGNORE_NEW_LINES) as $line) {
          [$a, $b] = explode(' ', $line);
          try {
            $x = $parser->normalize($a);
            $y = $parser->normalize($b);
            // Composer's Comparator with branches compared: version_compare of the normalized forms.
            echo version_compare($x, $y), "\\n";
          } catch (\\Exception $e) {
            echo "E\\n";
          }
        }
        """);
    List<String> real = versionsOf("osv-scalibr/packagist-versions.txt",
        "osv-scalibr/packagist-versions-generated.txt");
    // PHP's strtol saturates at 2^63-1 where the scheme compares exactly (documented): such pairs are left out.
    List<String[]> pairs = pairs(7, real, List.of(".", "-", "_", "v", "V", "-dev", "-beta", "b2", "RC1", "rc",
        "-alpha.1", "pl", "p1", "-patch", "-stable", "dev-", ".x-dev", "+build", "@dev", "0", "00")).stream()
        .filter(p -> !LONG_NUMBER.matcher(p[0]).find() && !LONG_NUMBER.matcher(p[1]).find()).toList();
    agree(VersionSchemes.named("composer").orElseThrow(), pairs, 10_000, "php", script.toString());
  }

  @Test
  void nodeSemverAgrees() throws IOException {
    Tools.assumeTools("node");
    Path library = Path.of("/usr/share/nodejs/semver");
    Assumptions.assumeTrue(Files.isDirectory(library), "node-semver is not installed");
    Path script = script("oracle.js", """
        // The functions alone: the package's index also loads ranges, which need lru-cache.
        const semver = {
          valid: require('/usr/share/nodejs/semver/functions/valid'),
          compare: require('/usr/share/nodejs/semver/functions/compare'),
        };
        const fs = require('fs');
        const out = [];
        for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\\n')) {
          if (line === '') continue;
          const [a, b] = line.split(' ');
          out.push(semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : 'E');
        }
        process.stdout.write(out.join('\\n') + '\\n');
        """);
    List<String> real = versionsOf("osv-scalibr/semver-versions.txt", "osv-scalibr/maven-versions-generated.txt");
    List<String[]> pairs = pairs(8, real, List.of("-", ".", "+", "v", "0", "00", "-rc.1", "-alpha", ".1",
        "-0", "-x.7.z.92", "+build.5", "-1-a"));
    agree(VersionSchemes.named("npm").orElseThrow(), pairs, 4_000, "node", script.toString());
  }
}
