package dev.bulwark.report.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.io.Json;
import dev.bulwark.report.sbom.CycloneDxRenderer;
import dev.bulwark.vuln.scan.ScanReport;
import dev.bulwark.vuln.suppress.ScanFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

class CycloneDxScanRendererTest {
  private static byte[] render(ScanReport report) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CycloneDxScanRenderer().render(report, SarifRendererTest.CONTEXT, out);
    return out.toByteArray();
  }

  private static JsonNode vulnerability(JsonNode bom, String id, boolean suppressed) {
    for (JsonNode v : bom.path("vulnerabilities")) {
      if (v.path("id").asText().equals(id) && v.has("analysis") == suppressed) {
        return v;
      }
    }
    throw new AssertionError("no " + id + (suppressed ? " (suppressed)" : ""));
  }

  @Test
  void isValidAgainstTheCycloneDx16Schema() throws Exception {
    assertThat(new JsonParser().validate(render(ScanFixtures.report()), Version.VERSION_16)).isEmpty();
    assertThat(new JsonParser().validate(render(SarifRendererTest.reportWith(List.of(SarifRendererTest.awkwardPath()))),
        Version.VERSION_16)).isEmpty();
  }

  @Test
  void eachVulnerabilityRatesAndPointsAtItsComponent() throws IOException {
    JsonNode bom = Json.mapper().readTree(render(ScanFixtures.report()));
    List<String> componentRefs = bom.path("components").findValuesAsText("bom-ref");
    JsonNode lodash = vulnerability(bom, "GHSA-35jh-r3h4-6jhm", false);
    assertThat(lodash.path("source").path("url").asText()).isEqualTo("https://github.com/advisories/GHSA-35jh-r3h4-6jhm");
    assertThat(lodash.path("references").get(0).path("id").asText()).isEqualTo("CVE-2021-23337");
    assertThat(lodash.path("references").get(0).path("source").path("url").asText())
        .isEqualTo("https://nvd.nist.gov/vuln/detail/CVE-2021-23337");
    JsonNode rating = lodash.path("ratings").get(0);
    assertThat(rating.path("score").asDouble()).isEqualTo(7.2);
    assertThat(rating.path("severity").asText()).isEqualTo("high");
    assertThat(rating.path("method").asText()).isEqualTo("CVSSv31");
    assertThat(rating.path("vector").asText()).isEqualTo("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H");
    assertThat(lodash.path("description").asText()).isEqualTo("Command Injection in lodash");
    assertThat(lodash.path("recommendation").asText()).isEqualTo("Upgrade to 4.17.21.");
    JsonNode affect = lodash.path("affects").get(0);
    assertThat(componentRefs).contains(affect.path("ref").asText());
    assertThat(affect.path("ref").asText()).isEqualTo("pkg:npm/lodash@4.17.15");
    assertThat(affect.path("versions").get(0).path("version").asText()).isEqualTo("4.17.15");
    assertThat(affect.path("versions").get(0).path("status").asText()).isEqualTo("affected");

    JsonNode zlib = vulnerability(bom, "CVE-2023-45853", false);
    assertThat(zlib.path("ratings").get(0).path("method").asText()).isEqualTo("other");
    assertThat(zlib.path("ratings").get(0).path("source").path("name").asText()).isEqualTo("Debian urgency");
    assertThat(zlib.path("recommendation").asText()).isEqualTo("No fixed version is released.");
  }

  @Test
  void suppressedFindingsCarryTheirAnalysis() throws IOException {
    JsonNode bom = Json.mapper().readTree(render(ScanFixtures.report()));
    JsonNode vex = vulnerability(bom, "GHSA-xvch-5gv4-984h", true).path("analysis");
    assertThat(vex.path("state").asText()).isEqualTo("not_affected");
    assertThat(vex.path("justification").asText()).isEqualTo("code_not_reachable");
    assertThat(vex.path("detail").asText()).isEqualTo("VEX not_affected in vex/demo.openvex.json: "
        + "vulnerable_code_not_in_execute_path: minimist only parses our own argv");
    assertThat(vulnerability(bom, "GHSA-xvch-5gv4-984h", true).path("affects").get(0).path("versions").get(0)
        .path("status").asText()).isEqualTo("unaffected");
    JsonNode ignored = vulnerability(bom, "GHSA-mjmj-j48q-9wg2", true).path("analysis");
    assertThat(ignored.has("state")).isFalse();
    assertThat(ignored.path("detail").asText()).isEqualTo(
        "ignored by .bulwark-ignore.yaml: only loads trusted configuration (until 2099-12-31)");
  }

  @Test
  void isADifferentDocumentFromTheSbom() throws IOException {
    JsonNode bom = Json.mapper().readTree(render(ScanFixtures.report()));
    ByteArrayOutputStream sbom = new ByteArrayOutputStream();
    new CycloneDxRenderer().render(ScanFixtures.report().inventory(), SarifRendererTest.CONTEXT, sbom);
    String sbomSerial = Json.mapper().readTree(sbom.toByteArray()).path("serialNumber").asText();
    assertThat(bom.path("serialNumber").asText()).startsWith("urn:uuid:").isNotEqualTo(sbomSerial);
    assertThat(bom.path("serialNumber").asText())
        .isEqualTo(Json.mapper().readTree(render(ScanFixtures.report())).path("serialNumber").asText());
  }
}
