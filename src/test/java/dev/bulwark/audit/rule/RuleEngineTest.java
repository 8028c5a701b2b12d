package dev.bulwark.audit.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Provenance;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.model.SubjectRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
  private final RuleLoader loader = new RuleLoader(new RuleLanguage());

  private RuleResult judge(String expression, String evidence, Subject subject) {
    String text = "id: tt\ntitle: T\nseverity: low\nscope: container\nrationale: r\nremediation: m\nexpression: >-\n  "
        + expression + "\n" + evidence;
    List<CompiledRule> rules = loader.parse("t.yaml", text.getBytes(StandardCharsets.UTF_8));
    return new RuleEngine(rules).evaluate(subject).getFirst();
  }

  private static Subject plain() {
    return TestSubjects.containerSubject("app", TestSubjects.container(Map.of()), Optional.empty());
  }

  @Nested
  class Errors {
    @Test
    void aMissingFieldIsAnErrorNotAPass() {
      RuleResult result = judge("container.noSuchField == true", "", plain());
      assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("noSuchField"));
    }

    @Test
    void aTypeErrorIsAnError() {
      assertThat(judge("container.uid > 5", "", plain()).outcome()).as("uid is null").isEqualTo(Outcome.ERROR);
      assertThat(judge("container.name", "", plain()).error()).hasValueSatisfying(e -> assertThat(e).contains("not a boolean"));
    }

    @Test
    void aBadVersionIsAnError() {
      assertThat(judge("versionLess(container.name, '1.0')", "", plain()).outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void evaluationIsBoundedInSteps() {
      RuleResult result = judge("[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10]"
          + ".all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, true)))))", "", plain());
      assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
      assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).containsIgnoringCase("exceeded"));
    }
  }

  @Nested
  class Evidence {
    @Test
    void whereCitesOnlyMatchingElementsWithTheirProvenance() {
      Subject subject = new Subject.Container(new SubjectRef("compose-service", "web", Optional.empty(),
          Optional.of("compose.yaml"), Optional.of(3)),
          TestSubjects.container(Map.of("mounts", List.of(
              Map.of("type", "volume", "source", "data", "target", "/data", "readOnly", false),
              Map.of("type", "bind", "source", "/var/run/docker.sock", "target", "/var/run/docker.sock", "readOnly", false)))),
          Optional.empty(), new Provenance.Builder(Location.line("compose.yaml", 3, "web"))
              .put("mounts[1]", Location.line("compose.yaml", 9, "services.web.volumes[1]")).build());
      RuleResult result = judge("container.mounts.exists(m, m.source.endsWith('docker.sock'))",
          "evidence:\n  - path: mounts\n    where: item.source.endsWith('docker.sock')\n", subject);
      Finding finding = result.findings().getFirst();
      assertThat(finding.evidence()).singleElement().satisfies(e -> {
        assertThat(e.path()).isEqualTo("mounts[1]");
        assertThat(e.value()).contains("/var/run/docker.sock");
        assertThat(e.location().display()).isEqualTo("compose.yaml:9");
      });
      assertThat(finding.location().display()).isEqualTo("compose.yaml:9");
    }

    @Test
    void environmentValuesAreNeverPrinted() {
      Subject subject = TestSubjects.containerSubject("app", TestSubjects.container(Map.of("env", List.of(
          Map.of("name", "DB_PASSWORD", "value", "hunter2", "fromSecret", false)))), Optional.empty());
      RuleResult result = judge("size(container.env) > 0", "evidence:\n  - env\n  - path: env\n    where: 'true'\n", subject);
      assertThat(result.findings().getFirst().evidence()).allSatisfy(e -> {
        assertThat(e.value()).doesNotContain("hunter2").contains("DB_PASSWORD");
      });
    }

    @Test
    void instructionFindingsPointAtTheirLine() {
      Subject build = TestSubjects.subject("dockerfile", TestSubjects.dockerfile("Dockerfile",
          "FROM debian:12\nRUN echo ok\nENV API_TOKEN=s3cr3t-value\n"));
      CompiledRule rule = loader.builtin().stream().filter(r -> r.rule().id().equals("instruction-secret-env"))
          .findFirst().orElseThrow();
      Finding finding = new RuleEngine(List.of(rule)).evaluate(build).getFirst().findings().getFirst();
      assertThat(finding.location().display()).isEqualTo("Dockerfile:3");
      assertThat(finding.evidence().getFirst().value()).isEqualTo("ENV API_TOKEN=" + Redaction.MASK);
    }
  }

  @Test
  void versionsCompareAsDaemonsAndKernelsWriteThem() {
    assertThat(CelFunctions.versionLess("1.0.0-rc6", "1.0.0-rc7")).isTrue();
    assertThat(CelFunctions.versionLess("1.0.0-rc10", "1.0.0-rc7")).isFalse();
    assertThat(CelFunctions.versionLess("1.0.0-rc92", "1.0.0")).isTrue();
    assertThat(CelFunctions.versionLess("v1.1.12", "1.1.12")).isFalse();
    assertThat(CelFunctions.versionLess("5.8", "5.10.102")).isTrue();
    assertThat(CelFunctions.versionLess("20.10.24+dfsg1", "20.10.24")).isFalse();
    assertThat(CelFunctions.modeWithin("0600", "0644")).isTrue();
    assertThat(CelFunctions.modeWithin("0664", "0644")).isFalse();
    assertThat(CelFunctions.modeWithin("4755", "0755")).isFalse();
  }
}
