package dev.bulwark.audit.rule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.audit.model.PodSettings;
import dev.bulwark.audit.model.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every built-in rule judged on subjects that violate it and subjects that do not: the cases live in
 * {@code src/test/resources/audit/rule/cases/*.yaml}, each a subject (a few overridden fields, or a
 * Dockerfile's text) and the outcome expected per rule.
 */
class RuleCasesTest {
  static final Path CASES = Path.of("src/test/resources/audit/rule/cases");
  private static RuleEngine engine;
  private static List<CompiledRule> rules;

  record Case(String file, String name, Subject subject, Map<Outcome, List<String>> expected) {}

  @BeforeAll
  static void load() {
    rules = new RuleLoader(new RuleLanguage()).builtin();
    engine = new RuleEngine(rules);
  }

  @SuppressWarnings("unchecked")
  static List<Case> cases() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> files = Files.list(CASES)) {
      for (Path file : files.sorted().toList()) {
        List<Map<String, Object>> entries = yaml.readValue(file.toFile(), List.class);
        for (Map<String, Object> entry : entries) {
          Map<Outcome, List<String>> expected = new java.util.EnumMap<>(Outcome.class);
          for (Outcome outcome : Outcome.values()) {
            expected.put(outcome, (List<String>) entry.getOrDefault(outcome.label(), List.of()));
          }
          cases.add(new Case(file.getFileName().toString(), (String) entry.get("name"), subject(entry), expected));
        }
      }
    }
    return cases;
  }

  @SuppressWarnings("unchecked")
  static Subject subject(Map<String, Object> entry) {
    Map<String, Object> empty = Map.of();
    if (entry.containsKey("container")) {
      Optional<PodSettings> pod = entry.containsKey("pod")
          ? Optional.of(TestSubjects.pod((Map<String, Object>) entry.getOrDefault("pod", empty))) : Optional.empty();
      Map<String, Object> fields = (Map<String, Object>) entry.get("container");
      return TestSubjects.containerSubject("app", TestSubjects.container(fields == null ? empty : fields), pod);
    }
    if (entry.containsKey("pod")) {
      return TestSubjects.subject("pod", TestSubjects.pod(orEmpty(entry.get("pod"))));
    }
    if (entry.containsKey("dockerfile")) {
      return TestSubjects.subject("dockerfile", TestSubjects.dockerfile("Dockerfile", (String) entry.get("dockerfile")));
    }
    if (entry.containsKey("image")) {
      return TestSubjects.subject("image", TestSubjects.image(orEmpty(entry.get("image"))));
    }
    if (entry.containsKey("daemon")) {
      return TestSubjects.subject("daemon", TestSubjects.daemon(orEmpty(entry.get("daemon"))));
    }
    if (entry.containsKey("host")) {
      return TestSubjects.subject("host", TestSubjects.host(orEmpty(entry.get("host"))));
    }
    throw new IllegalArgumentException("case " + entry.get("name") + " has no subject");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> orEmpty(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @TestFactory
  Stream<DynamicTest> eachCaseJudgedAsLabelled() throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.file() + ": " + c.name(), () -> {
      List<RuleResult> results = engine.evaluate(c.subject());
      for (var expected : c.expected().entrySet()) {
        for (String rule : expected.getValue()) {
          RuleResult result = results.stream().filter(r -> r.rule().id().equals(rule)).findFirst()
              .orElseThrow(() -> new AssertionError("rule " + rule + " did not judge the subject"));
          assertThat(result.outcome()).as(rule + " " + result.error().orElse("")).isEqualTo(expected.getKey());
        }
      }
    }));
  }

  @Test
  void everyRuleHasAViolatingAndAPassingCase() throws IOException {
    Set<String> failed = new HashSet<>();
    Set<String> passed = new HashSet<>();
    for (Case c : cases()) {
      failed.addAll(c.expected().get(Outcome.FAIL));
      passed.addAll(c.expected().get(Outcome.PASS));
    }
    List<String> ids = rules.stream().map(r -> r.rule().id()).toList();
    assertThat(ids.stream().filter(id -> !failed.contains(id)).toList()).as("rules without a violating case").isEmpty();
    assertThat(ids.stream().filter(id -> !passed.contains(id)).toList()).as("rules without a passing case").isEmpty();
  }
}
