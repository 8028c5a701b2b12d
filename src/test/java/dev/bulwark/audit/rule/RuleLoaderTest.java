package dev.bulwark.audit.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.audit.model.Subject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {
  private final RuleLoader loader = new RuleLoader(new RuleLanguage());
  @TempDir Path temp;

  private static final String VALID = """
      id: demo-rule
      title: Demo
      severity: high
      scope: container
      rationale: Because.
      remediation: Fix it.
      expression: container.privileged
      """;

  private List<CompiledRule> parse(String text) {
    return loader.parse("rules/demo.yaml", text.getBytes(StandardCharsets.UTF_8));
  }

  @Nested
  class Validation {
    @Test
    void unknownKeyIsNamedWithItsLine() {
      assertThatThrownBy(() -> parse(VALID + "severty: low\n"))
          .isInstanceOf(InputException.class).hasMessageContaining("rules/demo.yaml:8").hasMessageContaining("severty");
    }

    @Test
    void invalidCelIsNamedWithTheLineOfTheExpression() {
      assertThatThrownBy(() -> parse(VALID.replace("container.privileged", "container.privileged &&")))
          .isInstanceOf(InputException.class).hasMessageContaining("rules/demo.yaml:7")
          .hasMessageContaining("demo-rule").hasMessageContaining("invalid CEL");
      assertThatThrownBy(() -> parse(VALID.replace("container.privileged", "undeclared.thing")))
          .hasMessageContaining("undeclared");
    }

    @Test
    void unknownScopeAndSeverityAreRejected() {
      assertThatThrownBy(() -> parse(VALID.replace("scope: container", "scope: cluster")))
          .isInstanceOf(InputException.class).hasMessageContaining(":4").hasMessageContaining("unknown scope 'cluster'");
      assertThatThrownBy(() -> parse(VALID.replace("severity: high", "severity: urgent")))
          .hasMessageContaining(":3").hasMessageContaining("urgent");
    }

    @Test
    void missingFieldsAndBadYamlAreRejected() {
      assertThatThrownBy(() -> parse(VALID.replace("title: Demo\n", ""))).hasMessageContaining("missing 'title'");
      assertThatThrownBy(() -> parse("id: [unclosed")).isInstanceOf(InputException.class)
          .hasMessageContaining("not valid YAML");
      assertThatThrownBy(() -> parse(VALID + "id: again\n")).hasMessageContaining("duplicate key 'id'");
    }

    @Test
    void evidencePathsAreChecked() {
      assertThatThrownBy(() -> parse(VALID + "evidence:\n  - container.privileged\n"))
          .hasMessageContaining(":9").hasMessageContaining("relative to 'container'");
      assertThatThrownBy(() -> parse(VALID + "evidence:\n  - {path: mounts, where: 'item.source ==', x: 1}\n"))
          .hasMessageContaining("unknown key 'x'");
    }

    @Test
    void aRuleIdMayBeDefinedOnce() throws IOException {
      Files.writeString(temp.resolve("a.yaml"), VALID.replace("demo-rule", "container-privileged"));
      assertThatThrownBy(() -> loader.load(List.of(temp))).isInstanceOf(InputException.class)
          .hasMessageContaining("already defined in builtin:container.yaml");
    }

    @Test
    void severalRulesPerFile() {
      String two = "rules:\n" + VALID.indent(2).replaceFirst("  id", "- id").replace("\n  ", "\n    ")
          .replaceFirst("^- ", "  - ") + VALID.replace("demo-rule", "demo-two").indent(4).replaceFirst("    id", "  - id");
      assertThat(parse(two)).extracting(r -> r.rule().id()).containsExactly("demo-rule", "demo-two");
    }
  }

  @Nested
  class UserDirectory {
    @Test
    void theDocumentedCustomRuleLoadsAndJudges() {
      List<CompiledRule> rules = loader.load(List.of(Path.of("src/test/resources/audit/rule/custom")));
      CompiledRule custom = rules.stream().filter(r -> r.rule().id().equals("acme-memory-cap")).findFirst().orElseThrow();
      assertThat(custom.rule().text("zh-CN").title()).isEqualTo("内存上限超过 2 GiB");
      RuleEngine engine = new RuleEngine(List.of(custom));
      Subject big = TestSubjects.containerSubject("big", TestSubjects.container(
          Map.of("resources", Map.of("memoryBytes", 4L << 30))), Optional.empty());
      Subject small = TestSubjects.containerSubject("small", TestSubjects.container(
          Map.of("resources", Map.of("memoryBytes", 1L << 30))), Optional.empty());
      Subject none = TestSubjects.containerSubject("none", TestSubjects.container(Map.of()), Optional.empty());
      assertThat(engine.evaluate(List.of(big, small, none))).extracting(RuleResult::outcome)
          .containsExactly(Outcome.FAIL, Outcome.PASS, Outcome.NOT_APPLICABLE);
      Evidence evidence = engine.evaluate(big).getFirst().findings().getFirst().evidence().getFirst();
      assertThat(evidence.path()).isEqualTo("resources.memoryBytes");
      assertThat(evidence.value()).isEqualTo(String.valueOf(4L << 30));
    }

    @Test
    void aMissingDirectoryIsAnInputError() {
      assertThatThrownBy(() -> loader.load(List.of(temp.resolve("nope")))).isInstanceOf(InputException.class)
          .hasMessageContaining("not a directory");
    }
  }

  @Test
  void theIndexListsEveryBuiltinRuleFileAndEveryRuleIsTranslated() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/dev/bulwark/audit/rules"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList())
          .isEqualTo(RuleLoader.builtinFiles().stream().sorted().toList());
    }
    for (CompiledRule rule : loader.builtin()) {
      assertThat(rule.rule().texts()).as(rule.rule().id()).containsKey("zh-CN");
      assertThat(rule.rule().text("zh-CN").title()).as(rule.rule().id()).matches(".*\\p{IsHan}.*");
    }
  }
}
