package dev.bulwark.report.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.io.Json;
import dev.bulwark.report.RenderContext;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.scan.ScanReport;
import dev.bulwark.vuln.suppress.ScanFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SarifRendererTest {
  static final RenderContext CONTEXT = new RenderContext(Instant.parse("2026-04-01T10:00:00Z"), "bulwark", "0.1.0-test");

  static JsonNode render(ScanReport report, RenderContext context) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SarifRenderer().render(report, context, out);
    return Json.mapper().readTree(out.toByteArray());
  }

  /** The OASIS SARIF 2.1.0 schema (errata 01), with format assertions on, so URIs and dates are checked too. */
  static List<Error> validate(JsonNode sarif) throws IOException {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
        builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    try (InputStream schemaText = SarifRendererTest.class.getResourceAsStream("/report/vuln/sarif-schema-2.1.0.json")) {
      Schema schema = registry.getSchema(schemaText);
      return schema.validate(sarif);
    }
  }

  /** A finding whose package was found at a path no URI can hold verbatim. */
  static Finding awkwardPath() {
    Finding lodash = ScanFixtures.lodashFinding();
    return new Finding(ScanFixtures.pkg(PackageRecord.builder(PackageType.NPM, "lodash", "4.17.15").build(),
        "pkg:npm/lodash@4.17.15", 1, "/srv/my app/c:d/#x%y/node_modules/lodash/package.json"), lodash.id(), lodash.aliases(),
        lodash.severity(), lodash.fixedVersions(), false, lodash.summary(), List.of("javascript:alert(1)"), "npm");
  }

  static ScanReport reportWith(List<Finding> extra) {
    ScanReport base = ScanFixtures.report();
    List<Finding> findings = new ArrayList<>(base.findings());
    findings.addAll(extra);
    List<dev.bulwark.inventory.Package> packages = new ArrayList<>(base.inventory().packages());
    extra.stream().map(Finding::pkg).filter(p -> !packages.contains(p)).forEach(packages::add);
    dev.bulwark.inventory.Inventory inventory = new dev.bulwark.inventory.Inventory(base.inventory().image(),
        base.inventory().distro(), packages, List.of());
    return new ScanReport(inventory, findings, base.suppressed(), base.database(), false, base.warnings());
  }

  @Nested
  class Schema21 {
    @Test
    void isValidSarif210() throws IOException {
      JsonNode sarif = render(reportWith(List.of(awkwardPath())), CONTEXT);
      assertThat(validate(sarif)).isEmpty();
    }

    @Test
    void theValidatorCatchesWhatGitHubWouldReject() throws IOException {
      com.fasterxml.jackson.databind.node.ObjectNode sarif =
          (com.fasterxml.jackson.databind.node.ObjectNode) render(ScanFixtures.report(), CONTEXT);
      ((com.fasterxml.jackson.databind.node.ObjectNode) sarif.path("runs").get(0).path("results").get(0))
          .put("level", "critical");
      assertThat(validate(sarif)).isNotEmpty();
      com.fasterxml.jackson.databind.node.ObjectNode spaced =
          (com.fasterxml.jackson.databind.node.ObjectNode) render(ScanFixtures.report(), CONTEXT);
      ((com.fasterxml.jackson.databind.node.ObjectNode) spaced.findValue("artifactLocation")).put("uri", "my app/x y");
      assertThat(validate(spaced)).as("format assertions are on").isNotEmpty();
    }
  }

  @Nested
  class GitHubCodeScanning {
    @Test
    void oneRunWithTheDriverAndOneRulePerAdvisory() throws IOException {
      JsonNode run = render(ScanFixtures.report(), CONTEXT).path("runs");
      assertThat(run).hasSize(1);
      JsonNode driver = run.get(0).path("tool").path("driver");
      assertThat(driver.path("name").asText()).isEqualTo("Bulwark");
      assertThat(driver.path("version").asText()).isEqualTo("0.1.0-test");
      assertThat(driver.has("informationUri")).as("no made-up project URL").isFalse();
      assertThat(driver.path("rules").findValuesAsText("id")).containsExactly(
          "GHSA-35jh-r3h4-6jhm", "CVE-2023-45853", "GHSA-xvch-5gv4-984h", "GHSA-mjmj-j48q-9wg2");
    }

    @Test
    void rulesCarryTheScoreAsSecuritySeverityAndTheTagsGitHubUses() throws IOException {
      JsonNode rules = render(ScanFixtures.report(), CONTEXT).path("runs").get(0).path("tool").path("driver").path("rules");
      JsonNode lodash = rules.get(0);
      assertThat(lodash.path("shortDescription").path("text").asText()).isEqualTo("Command Injection in lodash");
      assertThat(lodash.path("properties").path("security-severity").asText()).isEqualTo("7.2");
      assertThat(lodash.path("properties").path("tags")).extracting(JsonNode::asText).containsExactly("security", "vulnerability");
      assertThat(lodash.path("defaultConfiguration").path("level").asText()).isEqualTo("error");
      assertThat(lodash.path("helpUri").asText()).startsWith("https://github.com/lodash/lodash/commit/");
      JsonNode zlib = rules.get(1); // Debian's "low" urgency, no CVSS: the middle of GitHub's low band
      assertThat(zlib.path("properties").path("security-severity").asText()).isEqualTo("2.0");
      assertThat(zlib.path("defaultConfiguration").path("level").asText()).isEqualTo("note");
      assertThat(zlib.has("helpUri")).isFalse();
      for (JsonNode rule : rules) {
        double score = Double.parseDouble(rule.path("properties").path("security-severity").asText());
        assertThat(score).isBetween(0.0, 10.0);
        assertThat(rule.path("properties").path("tags").size()).isLessThanOrEqualTo(20);
      }
    }

    @Test
    void resultsPointAtTheFileInTheImageByARelativeUri() throws IOException {
      JsonNode run = render(reportWith(List.of(awkwardPath())), CONTEXT).path("runs").get(0);
      List<String> uris = run.path("results").findValues("artifactLocation").stream().map(l -> l.path("uri").asText()).toList();
      assertThat(uris).contains("app/web/node_modules/lodash/package.json", "var/lib/dpkg/status",
          "app/lib/app.jar!/BOOT-INF/lib/snakeyaml-1.33.jar",
          "srv/my%20app/c%3Ad/%23x%25y/node_modules/lodash/package.json");
      for (String uri : uris) {
        URI parsed = URI.create(uri);
        assertThat(parsed.isAbsolute()).as(uri).isFalse();
        assertThat(uri).doesNotStartWith("/");
      }
      for (JsonNode result : run.path("results")) {
        assertThat(result.path("locations")).hasSize(1);
        assertThat(result.path("locations").get(0).path("physicalLocation").path("region").path("startLine").asInt()).isEqualTo(1);
        assertThat(run.path("tool").path("driver").path("rules").get(result.path("ruleIndex").asInt()).path("id").asText())
            .isEqualTo(result.path("ruleId").asText());
      }
    }

    @Test
    void theMessageNamesPackageVersionAndFix() throws IOException {
      JsonNode results = render(ScanFixtures.report(), CONTEXT).path("runs").get(0).path("results");
      assertThat(results.get(0).path("message").path("text").asText()).isEqualTo(
          "Package lodash 4.17.15 (npm) is affected by GHSA-35jh-r3h4-6jhm (CVE-2021-23337): Command Injection in lodash."
              + " Fixed in 4.17.21. Installed at /app/web/node_modules/lodash/package.json.");
      assertThat(results.get(1).path("message").path("text").asText()).contains("zlib1g 1:1.2.13.dfsg-1 (deb)")
          .contains("No fix is released.");
    }

    @Test
    void fingerprintsAreUniqueAndStableAcrossRuns() throws IOException {
      JsonNode first = render(ScanFixtures.report(), CONTEXT);
      JsonNode later = render(ScanFixtures.report(), new RenderContext(Instant.parse("2026-05-01T00:00:00Z"), "bulwark", "0.2.0"));
      List<String> prints = first.findValuesAsText(SarifRenderer.FINGERPRINT_KEY);
      assertThat(prints).hasSize(4).doesNotHaveDuplicates();
      assertThat(later.findValuesAsText(SarifRenderer.FINGERPRINT_KEY)).isEqualTo(prints);
    }

    @Test
    void suppressedFindingsAreDismissedResultsWithTheirReason() throws IOException {
      JsonNode results = render(ScanFixtures.report(), CONTEXT).path("runs").get(0).path("results");
      Set<String> suppressed = new HashSet<>();
      for (JsonNode result : results) {
        if (result.has("suppressions")) {
          suppressed.add(result.path("ruleId").asText());
          assertThat(result.path("suppressions").get(0).path("kind").asText()).isEqualTo("external");
        }
      }
      assertThat(suppressed).containsExactlyInAnyOrder("GHSA-xvch-5gv4-984h", "GHSA-mjmj-j48q-9wg2");
      assertThat(results.toString()).contains(
          "not_affected: vulnerable_code_not_in_execute_path: minimist only parses our own argv (vex vex/demo.openvex.json)");
    }

    @Test
    void warningsBecomeToolNotifications() throws IOException {
      JsonNode invocation = render(ScanFixtures.report(), CONTEXT).path("runs").get(0).path("invocations").get(0);
      assertThat(invocation.path("executionSuccessful").asBoolean()).isTrue();
      assertThat(invocation.path("toolExecutionNotifications").findValuesAsText("text"))
          .anyMatch(text -> text.contains("40 days old"));
    }

    @Test
    void aRuleTakesTheHighestSeverityOfItsFindings() throws IOException {
      Finding low = ScanFixtures.lodashFinding();
      Finding critical = new Finding(ScanFixtures.minimist(), low.id(), low.aliases(), ScanFixtures.cvss(9.1,
          "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"), low.fixedVersions(), false, low.summary(), List.of(), "npm");
      JsonNode rule = render(reportWith(List.of(critical)), CONTEXT).path("runs").get(0).path("tool").path("driver")
          .path("rules").get(0);
      assertThat(rule.path("properties").path("security-severity").asText()).isEqualTo("9.1");
    }
  }

  @Test
  void artifactUrisKeepArchiveNestingAndEncodeTheRest() {
    assertThat(SarifRenderer.artifactUri("/app/app.jar!/BOOT-INF/lib/x.jar")).isEqualTo("app/app.jar!/BOOT-INF/lib/x.jar");
    assertThat(SarifRenderer.artifactUri("/usr/lib/python3/dist-packages/café?.txt"))
        .isEqualTo("usr/lib/python3/dist-packages/caf%C3%A9%3F.txt");
    assertThat(SarifRenderer.artifactUri("/")).isEqualTo(".");
  }
}
