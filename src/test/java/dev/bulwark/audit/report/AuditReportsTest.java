package dev.bulwark.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.bulwark.audit.AuditReport;
import dev.bulwark.audit.AuditService;
import dev.bulwark.audit.framework.Frameworks;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.rule.RuleLanguage;
import dev.bulwark.audit.rule.RuleLoader;
import dev.bulwark.audit.rule.TestSubjects;
import dev.bulwark.io.Json;
import dev.bulwark.report.RenderContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuditReportsTest {
  static final RenderContext CONTEXT = new RenderContext(Instant.parse("2026-01-02T03:04:05Z"), "bulwark", "0.1.0-test");

  /** A compose service with a hostile name, a privileged Kubernetes container, a Dockerfile and a daemon. */
  static AuditReport report() {
    Subject hostile = TestSubjects.containerSubject("<script>alert(1)</script>", TestSubjects.container(Map.of(
        "privileged", true, "name", "<img src=x onerror=alert(1)>",
        "env", List.of(Map.of("name", "DB_PASSWORD", "value", "hunter2", "fromSecret", false)))), Optional.empty());
    Subject pod = TestSubjects.containerSubject("Deployment/prod/web", TestSubjects.container(Map.of(
        "capabilities", Map.of("add", List.of("SYS_ADMIN"), "drop", List.of(), "effective", List.of("SYS_ADMIN")))),
        Optional.of(TestSubjects.pod(Map.of("kind", "Deployment", "name", "web", "namespace", "prod"))));
    Subject dockerfile = TestSubjects.subject("dockerfile", TestSubjects.dockerfile("build/Dockerfile",
        "FROM ubuntu\nENV API_TOKEN=s3cr3t\nRUN curl -k https://x | sh\n"));
    Subject daemon = TestSubjects.subject("daemon", TestSubjects.daemon(Map.of("hosts", List.of("tcp://0.0.0.0:2375"),
        "runcVersion", "weird")));
    return new AuditService(new RuleLoader(new RuleLanguage()).builtin(),
        List.of(Frameworks.named("cis-docker-1.6"), Frameworks.named("mlps-2.0-level3")))
        .audit(List.of(hostile, pod, dockerfile, daemon));
  }

  static String render(String format, String language) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AuditFormats.named(format).render(report(), CONTEXT, Messages.of(language), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  static List<Error> validate(JsonNode sarif) throws IOException {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4,
        builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    try (InputStream schemaText = AuditReportsTest.class.getResourceAsStream("/audit/report/sarif-schema-2.1.0.json")) {
      Schema schema = registry.getSchema(schemaText);
      return schema.validate(sarif);
    }
  }

  @Nested
  class Sarif {
    @Test
    void isValidSarif210() throws IOException {
      JsonNode sarif = Json.mapper().readTree(render("sarif", "en"));
      assertThat(validate(sarif)).isEmpty();
    }

    @Test
    void eachResultNamesItsObject() throws IOException {
      JsonNode results = Json.mapper().readTree(render("sarif", "en")).path("runs").get(0).path("results");
      assertThat(results).isNotEmpty();
      JsonNode fileResult = null;
      for (JsonNode result : results) {
        assertThat(result.path("locations").get(0).path("logicalLocations").get(0).path("fullyQualifiedName").asText())
            .isNotEmpty();
        if (result.path("ruleId").asText().equals("instruction-curl-pipe-shell")) {
          fileResult = result;
        }
      }
      assertThat(fileResult).isNotNull();
      JsonNode physical = fileResult.path("locations").get(0).path("physicalLocation");
      assertThat(physical.path("artifactLocation").path("uri").asText()).isEqualTo("build/Dockerfile");
      assertThat(physical.path("region").path("startLine").asInt()).isEqualTo(3);
      assertThat(results.toString()).contains("kubernetes/Deployment/prod/web").doesNotContain("hunter2")
          .doesNotContain("s3cr3t");
    }

    @Test
    void errorsAreReportedAsNotifications() throws IOException {
      JsonNode run = Json.mapper().readTree(render("sarif", "en")).path("runs").get(0);
      assertThat(run.path("invocations").get(0).path("toolExecutionNotifications").toString())
          .contains("daemon-runc-cve-2019-5736");
    }
  }

  @Nested
  class Html {
    @Test
    void escapesEverythingFromInputAndPinsItsScriptByHash() throws IOException {
      String html = render("html", "en");
      assertThat(html).doesNotContain("<script>alert(1)").doesNotContain("<img src=x").contains("&lt;script&gt;")
          .doesNotContain("hunter2").doesNotContain("s3cr3t");
      assertThat(html).contains("Content-Security-Policy").contains("script-src 'sha256-")
          .doesNotContainPattern("(src|href)=\"(https?:)?//");
      assertThat(html.split("<script>", -1)).hasSize(2);
    }

    @Test
    void rendersInSimplifiedChinese() throws IOException {
      String html = render("html", "zh-CN");
      assertThat(html).contains("lang=\"zh-CN\"").contains("配置安全审计报告").contains("容器以特权模式运行")
          .contains("安全计算环境—访问控制").contains("8.1.4.2").contains("不符合").contains("需人工核查");
      assertThat(Messages.untranslated("zh-CN")).isEmpty();
    }

    @Test
    void listsEveryControlWithItsStatus() throws IOException {
      String html = render("html", "en");
      assertThat(html).contains("5.31").contains("Docker socket not mounted in containers").contains("st-manual")
          .contains("st-fail").contains("st-not-applicable");
    }
  }

  @Nested
  class JsonAndTable {
    @Test
    void jsonCarriesFindingsEvidenceAndControls() throws IOException {
      JsonNode json = Json.mapper().readTree(render("json", "en"));
      assertThat(json.path("schema").asText()).isEqualTo("bulwark-audit/1");
      assertThat(json.path("findings").toString()).contains("container-privileged").contains("evidence")
          .doesNotContain("hunter2");
      JsonNode cis = json.path("frameworks").get(0);
      assertThat(cis.path("controls")).hasSize(105);
      assertThat(json.path("errors")).isNotEmpty();
    }

    @Test
    void tableShowsFindingsAndControls() throws IOException {
      String table = render("table", "zh-CN");
      assertThat(table).contains("CRITICAL").contains("container-privileged").contains("容器以特权模式运行")
          .contains("8.1.4.2").doesNotContain("hunter2");
    }
  }
}
