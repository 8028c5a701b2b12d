package dev.bulwark.report.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.io.Json;
import dev.bulwark.vuln.suppress.ScanFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ScanJsonRendererTest {
  private static JsonNode render() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ScanJsonRenderer().render(ScanFixtures.report(), SarifRendererTest.CONTEXT, out);
    return Json.mapper().readTree(out.toByteArray());
  }

  private static void names(JsonNode node, Set<String> into) {
    if (node.isObject()) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        into.add(name);
        names(node.get(name), into);
      }
    } else if (node.isArray()) {
      node.forEach(child -> names(child, into));
    }
  }

  @Test
  void everyFieldItWritesIsDocumented() throws IOException {
    Set<String> fields = new TreeSet<>();
    JsonNode document = render();
    names(document.path("database"), fields);
    names(document.path("summary"), fields);
    names(document.path("findings"), fields);
    names(document.path("suppressed"), fields);
    fields.add("schema");
    fields.add("warnings");
    String docs = Files.readString(Path.of("docs/scan-json-format.md"), StandardCharsets.UTF_8);
    assertThat(fields).allSatisfy(field -> assertThat(docs).as("docs/scan-json-format.md documents %s", field)
        .contains("\"" + field + "\""));
    assertThat(docs).contains("`" + ScanJsonRenderer.SCHEMA + "`");
  }

  @Test
  void listsFindingsAndSuppressedWithTheirReason() throws IOException {
    JsonNode document = render();
    assertThat(document.path("schema").asText()).isEqualTo("bulwark-scan/1");
    assertThat(document.path("findings").findValuesAsText("id")).containsExactly("GHSA-35jh-r3h4-6jhm", "CVE-2023-45853");
    assertThat(document.path("findings").get(1).path("status").asText()).isEqualTo("unfixed");
    assertThat(document.path("summary").path("suppressed").asInt()).isEqualTo(2);
    assertThat(document.path("summary").path("affectedPackages").asInt()).isEqualTo(2);
    JsonNode suppression = document.path("suppressed").get(0).path("suppression");
    assertThat(suppression.path("by").asText()).isEqualTo("vex");
    assertThat(suppression.path("reason").asText()).startsWith("vulnerable_code_not_in_execute_path");
    assertThat(document.path("warnings")).hasSize(2);
  }

  @Test
  void theTableSaysWhatWasSuppressedAndWhy() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ScanTableRenderer().render(ScanFixtures.report(), SarifRendererTest.CONTEXT, out);
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).contains("Suppressed:",
        "  GHSA-mjmj-j48q-9wg2 in org.yaml:snakeyaml 1.33: ignored (ignore-file .bulwark-ignore.yaml): "
            + "only loads trusted configuration (until 2099-12-31)");
  }

  @Test
  void everyFormatIsRegistered() {
    assertThat(ScanFormats.all().stream().map(ScanRenderer::format).toList())
        .isEqualTo(List.of("table", "json", "sarif", "cyclonedx", "html"));
  }
}
