package dev.bulwark.vuln.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.cli.Main;
import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.io.Json;
import dev.bulwark.testing.SystemFixtures;
import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.db.SqliteAdvisoryStore;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.match.MatchFixtures;
import dev.bulwark.vuln.match.Matcher;
import dev.bulwark.vuln.version.VersionScheme;
import dev.bulwark.vuln.version.VersionSchemes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real vulnerable image (dev/fixtures/vulnerable-image.sh: the debootstrap bookworm
 * root filesystem, python3-requests and fzf installed by apt, old jars from Maven Central, an old
 * node_modules tree from npm), scanned through the command line with {@code -f json} against the
 * GHSA samples, the complete Go database and the complete PyPA database of the shared fixture set.
 */
@Tag("system")
class VulnerableImageSystemTest {
  /** The GHSA sample advisories that concern the image's artifacts, each with its fixed versions. */
  static final Map<String, List<String>> EXPECTED_GHSA = new TreeMap<>(Map.of(
      "lodash@4.17.15 GHSA-p6mc-m468-83gw", List.of("4.17.20"),
      "lodash@4.17.15 GHSA-35jh-r3h4-6jhm", List.of("4.17.21"),
      "lodash@4.17.15 GHSA-29mw-wpgm-hmr9", List.of("4.17.21"),
      "minimist@1.2.5 GHSA-xvch-5gv4-984h", List.of("1.2.6"),
      "org.apache.commons:commons-text@1.9 GHSA-599f-7c49-w659", List.of("1.10.0"),
      "com.fasterxml.jackson.core:jackson-databind@2.9.10.8 GHSA-57j2-w4cx-62h2", List.of("2.12.6.1"),
      "com.fasterxml.jackson.core:jackson-databind@2.9.10.8 GHSA-jjjh-jjxp-wpff", List.of("2.12.7.1"),
      "com.fasterxml.jackson.core:jackson-databind@2.9.10.8 GHSA-rgv9-q543-rqg4", List.of("2.13.4"),
      "org.yaml:snakeyaml@1.33 GHSA-mjmj-j48q-9wg2", List.of("2.0")));

  @TempDir static Path temp;
  static Path image;
  static Path db;
  static JsonNode scan;
  static JsonNode sbom;

  @BeforeAll
  static void scanTheImage() throws Exception {
    image = SystemFixtures.vulnerableImage();
    Path shared = MatchFixtures.SHARED;
    List<Path> feeds = List.of(shared.resolve("vuln-ghsa-samples"), shared.resolve("vuln-osv-go/data/osv"),
        shared.resolve("vuln-osv-pypi-pysec/vulns"));
    for (Path feed : feeds) {
      assumeTrue(Files.isDirectory(feed), "shared fixture " + feed + " not present");
    }
    db = temp.resolve("advisories.db");
    Map<String, String> env = Map.of("HOME", temp.toString());
    List<String> importArgs = new ArrayList<>(List.of("db", "import", "--db", db.toString()));
    feeds.forEach(f -> importArgs.add(f.toString()));
    assertThat(Main.run(importArgs.toArray(String[]::new), env)).isZero();
    String ref = "oci:" + image.resolve("oci") + ":vulnerable";
    Path scanJson = temp.resolve("scan.json");
    assertThat(Main.run(new String[] {"scan", "--db", db.toString(), "--no-cache", "-f", "json", "-o",
        scanJson.toString(), ref}, env)).isZero();
    scan = Json.mapper().readTree(scanJson.toFile());
    Path sbomJson = temp.resolve("sbom.json");
    assertThat(Main.run(new String[] {"sbom", "--no-cache", "-f", "json", "-o", sbomJson.toString(), ref}, env))
        .isZero();
    sbom = Json.mapper().readTree(sbomJson.toFile());
  }

  static List<JsonNode> findings() {
    return StreamSupport.stream(scan.get("findings").spliterator(), false).toList();
  }

  static List<JsonNode> findingsOfType(String type) {
    return findings().stream().filter(f -> f.at("/package/type").asText().equals(type)).toList();
  }

  static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  @Nested
  class ApplicationArtifacts {
    @Test
    void everyGhsaSampleThatConcernsAnArtifactIsFoundWithItsFixedVersionsAndNothingElse() {
      Map<String, List<String>> found = new TreeMap<>();
      for (JsonNode f : findings()) {
        String type = f.at("/package/type").asText();
        if (type.equals("npm") || type.equals("maven")) {
          String key = f.at("/package/name").asText() + "@" + f.at("/package/version").asText() + " "
              + f.get("id").asText();
          found.put(key, strings(f.get("fixedVersions")));
        }
      }
      assertThat(found).isEqualTo(EXPECTED_GHSA);
    }

    @Test
    void findingsSayWhereThePackageIsAndWhichLayerBroughtIt() {
      JsonNode lodash = findingsOfType("npm").stream().filter(f -> f.at("/package/name").asText().equals("lodash"))
          .findFirst().orElseThrow();
      assertThat(strings(lodash.at("/package/locations")))
          .containsExactly("/app/node/node_modules/lodash/package.json");
      assertThat(lodash.at("/package/layer/index").asInt()).isEqualTo(4);
      assertThat(lodash.at("/package/purl").asText()).isEqualTo("pkg:npm/lodash@4.17.15");
      JsonNode text = findingsOfType("maven").stream()
          .filter(f -> f.get("id").asText().equals("GHSA-599f-7c49-w659")).findFirst().orElseThrow();
      assertThat(text.at("/package/layer/index").asInt()).isEqualTo(3);
      assertThat(strings(text.get("aliases"))).containsExactly("CVE-2022-42889");
      assertThat(text.at("/severity/rating").asText()).isEqualTo("Critical");
      assertThat(text.at("/severity/vector").asText()).startsWith("CVSS:3.1/");
      assertThat(text.get("status").asText()).isEqualTo("fixed");
      assertThat(text.get("summary").asText()).isEqualTo("Arbitrary code execution in Apache Commons Text");
    }

    @Test
    void log4jCore2141IsInTheImageButNoSampleNamesIt() {
      assertThat(packages("maven")).contains("org.apache.logging.log4j:log4j-core@2.14.1");
      assertThat(findings()).noneMatch(f -> f.at("/package/name").asText().contains("log4j"));
    }
  }

  @Nested
  class GoExecutableFromDebian {
    @Test
    void itsToolchainVersionMeetsExactlyTheStdlibAdvisoriesWhoseRangesHoldIt() throws Exception {
      String toolchain = Files.readString(image.resolve("expected/go-toolchain.txt"), StandardCharsets.UTF_8).strip();
      assertThat(toolchain).startsWith("go1.");
      String version = toolchain.substring(2);
      VersionScheme go = VersionSchemes.forEcosystem("Go").orElseThrow();
      Set<String> expected = new TreeSet<>();
      Map<String, Set<String>> fixes = new TreeMap<>();
      try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(db)) {
        for (Advisory advisory : store.advisoriesFor(dev.bulwark.vuln.advisory.Ecosystem.of("Go"), "stdlib")) {
          List<String> rangeFixes = MatchFixtures.rangeFixes(advisory, "Go", "stdlib", version, go);
          if (!rangeFixes.isEmpty()) {
            expected.add(advisory.id());
            fixes.computeIfAbsent(advisory.id(), k -> new TreeSet<>()).addAll(rangeFixes);
          }
        }
      }
      List<JsonNode> stdlib = findingsOfType("golang").stream()
          .filter(f -> f.at("/package/name").asText().equals("stdlib")).toList();
      Set<String> found = new TreeSet<>();
      for (JsonNode f : stdlib) {
        assertThat(f.at("/package/version").asText()).isEqualTo("v" + version);
        assertThat(strings(f.at("/package/locations"))).containsExactly("/usr/bin/fzf");
        assertThat(f.at("/package/layer/index").asInt()).isEqualTo(2);
        Set<String> goIds = new TreeSet<>();
        goIds.add(f.get("id").asText());
        goIds.addAll(strings(f.get("aliases")));
        goIds.removeIf(id -> !id.startsWith("GO-"));
        found.addAll(goIds);
        Set<String> want = new TreeSet<>();
        goIds.forEach(id -> want.addAll(fixes.getOrDefault(id, Set.of())));
        want.remove("");
        assertThat(new TreeSet<>(strings(f.get("fixedVersions")))).as("fixes of %s", f.get("id")).isEqualTo(want);
      }
      assertThat(expected).hasSizeGreaterThan(20);
      assertThat(found).isEqualTo(expected);
    }

    @Test
    void theExecutableIsDpkgsButItsStdlibIsStillMatched() {
      JsonNode stdlib = sbomPackage("golang", "stdlib");
      assertThat(stdlib.path("ownedBy").asText()).startsWith("pkg:deb/debian/fzf@");
      assertThat(findingsOfType("golang")).isNotEmpty();
    }
  }

  @Nested
  class PythonPackagesFromDebian {
    @Test
    void theirDistInfoIsAttributedToDpkg() {
      for (String name : List.of("requests", "urllib3", "idna", "certifi")) {
        assertThat(sbomPackage("pypi", name).path("ownedBy").asText()).as(name)
            .startsWith("pkg:deb/debian/python3-" + name + "@");
      }
    }

    @Test
    void theyProduceNoPypiFindingThoughThePypaDatabaseHasSomeForTheirVersions() {
      assertThat(findingsOfType("pypi")).isEmpty();
      assertThat(findings()).noneMatch(f -> f.get("ecosystem").asText().equals("PyPI"));
      // The same versions installed with pip would be affected: the attribution is what keeps them out.
      List<Package> unowned = new ArrayList<>();
      for (JsonNode p : sbom.get("packages")) {
        if (p.get("type").asText().equals("pypi")) {
          unowned.add(MatchFixtures.placed(PackageRecord.builder(PackageType.PYPI, p.get("name").asText(),
              p.get("version").asText()).build(), Optional.empty(), Optional.empty()));
        }
      }
      try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(db)) {
        List<Finding> wouldBe = new Matcher(store).match(MatchFixtures.inventory(Optional.empty(), unowned));
        assertThat(wouldBe).extracting(f -> f.pkg().name()).contains("urllib3");
      }
    }
  }

  @Nested
  class Report {
    @Test
    void everyFindingIsAGhsaSampleOrAGoAdvisory() {
      assertThat(findings())
          .allMatch(f -> f.get("id").asText().startsWith("GHSA-") || f.get("id").asText().startsWith("GO-"));
      assertThat(findings()).noneMatch(f -> f.at("/package/type").asText().equals("deb"));
    }

    @Test
    void theSummaryCountsTheFindingsAndTheDatabaseIsNamed() {
      assertThat(scan.get("schema").asText()).isEqualTo("bulwark-scan/1");
      assertThat(scan.at("/summary/total").asInt()).isEqualTo(findings().size());
      assertThat(scan.at("/summary/unfixedHidden").asBoolean()).isFalse();
      assertThat(scan.at("/database/sources")).hasSize(3);
      assertThat(scan.at("/distro/id").asText()).isEqualTo("debian");
    }

    @Test
    void failOnCriticalExitsOne() {
      String ref = "oci:" + image.resolve("oci") + ":vulnerable";
      assertThat(Main.run(new String[] {"scan", "--db", db.toString(), "--no-cache", "-f", "json", "-o",
          temp.resolve("again.json").toString(), "--fail-on", "critical", ref}, Map.of("HOME", temp.toString())))
          .isEqualTo(1);
    }
  }

  static List<String> packages(String type) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : sbom.get("packages")) {
      if (p.get("type").asText().equals(type)) {
        out.add(p.get("name").asText() + "@" + p.get("version").asText());
      }
    }
    return out;
  }

  static JsonNode sbomPackage(String type, String name) {
    for (JsonNode p : sbom.get("packages")) {
      if (p.get("type").asText().equals(type) && p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no " + type + " package " + name + " in the inventory");
  }
}
