package dev.bulwark.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.rule.CompiledRule;
import dev.bulwark.audit.rule.Outcome;
import dev.bulwark.audit.rule.RuleEngine;
import dev.bulwark.audit.rule.RuleLanguage;
import dev.bulwark.audit.rule.RuleLoader;
import dev.bulwark.audit.rule.RuleResult;
import dev.bulwark.audit.source.CorpusTest;
import dev.bulwark.audit.source.Fixtures;
import dev.bulwark.audit.source.kubernetes.KubernetesSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The built-in rules judged on two public misconfiguration corpora, each example as its authors
 * labelled it, where Bulwark has a matching rule. The mapping from the corpora's checks to Bulwark's
 * rules is data ({@code src/test/resources/audit/corpus/*.yaml}), with a comment per entry; every check
 * of a corpus is either mapped or listed as unmapped with the reason, and every example where Bulwark
 * deliberately decides otherwise is listed with why. The coverage is a golden file
 * ({@code coverage.txt} beside the mappings).
 *
 * <p>A check maps to the rules that decide it: an example its authors call bad must fail each of them,
 * one they call good must pass each (a rule that does not apply is no judgement). A mapping marked
 * {@code match: any} lists rules that share the check between them (DS-0002's "no USER" and "USER root"):
 * bad must fail one of them, good must fail none and pass one.
 */
class CorpusRulesTest {
  static final Path CORPUS = Path.of("src/test/resources/audit/corpus");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static RuleEngine engine;
  private static Set<String> ruleIds;
  private static final Map<String, String> COVERAGE = new LinkedHashMap<>();

  @BeforeAll
  static void load() {
    List<CompiledRule> rules = new RuleLoader(new RuleLanguage()).builtin();
    engine = new RuleEngine(rules);
    ruleIds = new TreeSet<>(rules.stream().map(r -> r.rule().id()).toList());
  }

  static JsonNode mapping(String name) throws IOException {
    return YAML.readTree(CORPUS.resolve(name).toFile());
  }

  static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The outcomes of {@code rules} on {@code subjects}, subject by subject. */
  static List<RuleResult> judge(Collection<Subject> subjects, List<String> rules) {
    return subjects.stream().flatMap(s -> engine.evaluate(s).stream())
        .filter(r -> rules.contains(r.rule().id())).toList();
  }

  /** {@code fail} when some listed rule failed, {@code pass} when none failed and one passed, else {@code none}. */
  static String verdict(List<RuleResult> results) {
    if (results.stream().anyMatch(r -> r.outcome() == Outcome.ERROR)) {
      throw new AssertionError("rule error: " + results.stream().filter(r -> r.outcome() == Outcome.ERROR).toList());
    }
    if (results.stream().anyMatch(r -> r.outcome() == Outcome.FAIL)) {
      return "fail";
    }
    return results.stream().anyMatch(r -> r.outcome() == Outcome.PASS) ? "pass" : "none";
  }

  /** The verdict every rule agrees on, or {@code mixed}. */
  static String each(List<Subject> subjects, List<String> rules) {
    Set<String> verdicts = new TreeSet<>();
    for (String rule : rules) {
      verdicts.add(verdict(judge(subjects, List.of(rule))));
    }
    return verdicts.size() == 1 ? verdicts.iterator().next() : "mixed " + verdicts;
  }

  static void record(String corpus, String line) {
    COVERAGE.merge(corpus, line + "\n", String::concat);
  }

  @Nested
  class TrivyChecks {
    @Test
    void everyMappedExampleIsJudgedAsLabelled() throws IOException {
      JsonNode data = mapping("trivy-checks.yaml");
      JsonNode index = Json.index();
      Map<String, JsonNode> mapped = byKey(data.path("mapped"), "check");
      Map<String, JsonNode> unmapped = byKey(data.path("unmapped"), "check");
      Map<String, JsonNode> disagreements = byKey(data.path("disagreements"), "example");
      assertThat(mapped.keySet()).as("checks both mapped and unmapped").doesNotContainAnyElementsOf(unmapped.keySet());

      Set<String> files = new TreeSet<>();
      for (String kind : List.of("docker", "kubernetes")) {
        try (Stream<Path> list = Files.list(Fixtures.path("trivy-checks/checks/" + kind))) {
          list.forEach(p -> files.add(kind + "/" + p.getFileName()));
        }
      }
      assertThat(new TreeSet<>(union(mapped.keySet(), unmapped.keySet()))).as("every check is mapped or unmapped")
          .isEqualTo(files);

      List<String> lines = new ArrayList<>();
      int examples = 0;
      int agree = 0;
      Set<String> usedDisagreements = new TreeSet<>();
      for (String kind : List.of("docker", "kubernetes")) {
        for (CorpusTest.Example example : CorpusTest.trivyExamples(kind)) {
          JsonNode entry = mapped.get(example.check());
          if (entry == null) {
            continue;
          }
          List<String> rules = strings(entry.path("rules"));
          assertThat(ruleIds).as(example.check()).containsAll(rules);
          assertThat(entry.path("id").asText()).as(example.check() + " id")
              .isEqualTo(Json.id(index, example.check()));
          String expected = example.label().equals("bad") ? "fail" : "pass";
          List<Subject> subjects = CorpusTest.load(example);
          String actual = entry.path("match").asText("all").equals("any") ? verdict(judge(subjects, rules))
              : each(subjects, rules);
          examples++;
          JsonNode disagreement = disagreements.get(example.name());
          if (disagreement != null) {
            usedDisagreements.add(example.name());
            assertThat(actual).as(example.name() + " (documented disagreement)")
                .isEqualTo(disagreement.path("bulwark").asText());
            assertThat(actual).as(example.name() + ": a documented disagreement that agrees").isNotEqualTo(expected);
            lines.add(example.name() + " " + rules + ": " + expected + " by trivy, " + actual + " by Bulwark ("
                + "documented)");
          } else {
            assertThat(actual).as(example.name() + " " + rules).isEqualTo(expected);
            agree++;
            lines.add(example.name() + " " + rules + ": " + expected);
          }
        }
      }
      assertThat(usedDisagreements).as("disagreements that name no mapped example")
          .isEqualTo(disagreements.keySet());
      int checks = files.size();
      record("trivy-checks", "checks with examples: " + checks + ", mapped to Bulwark rules: " + mapped.size()
          + ", unmapped: " + unmapped.size());
      record("trivy-checks", "examples judged: " + examples + ", agreeing: " + agree + ", documented disagreements: "
          + (examples - agree));
      lines.forEach(l -> record("trivy-checks", "  " + l));
      Fixtures.assertGoldenText(COVERAGE.get("trivy-checks"), CORPUS.resolve("coverage-trivy-checks.txt"));
    }
  }

  @Nested
  class KubeLinter {
    private static final Pattern CONTAINER = Pattern.compile("container \"?([A-Za-z0-9-]+)\"?");

    /** A subject as kube-linter's reports name it: {@code Deployment app} (container) or {@code Deployment} (object). */
    static String reportKey(Subject subject) {
      String[] parts = subject.ref().name().split("/");
      return subject instanceof Subject.Container ? parts[0] + " " + parts[parts.length - 1] : parts[0];
    }

    static String expectedKey(String kindAndMessage, boolean container) {
      String kind = kindAndMessage.substring(0, kindAndMessage.indexOf(':')).split(" ")[0];
      if (!container) {
        return kind;
      }
      Matcher m = CONTAINER.matcher(kindAndMessage);
      return m.find() ? kind + " " + m.group(1) : kind + " ?";
    }

    @Test
    void everyMappedTestIsJudgedAsLabelled() throws IOException {
      JsonNode data = mapping("kube-linter.yaml");
      JsonNode bats = Json.read(Fixtures.path("kube-linter/expected-from-bats-tests.json")).path("tests");
      Map<String, JsonNode> tests = byKey(bats, "test");
      Map<String, JsonNode> mapped = byKey(data.path("mapped"), "test");
      Map<String, JsonNode> unmapped = byKey(data.path("unmapped"), "test");
      assertThat(new TreeSet<>(union(mapped.keySet(), unmapped.keySet()))).as("every test is mapped or unmapped")
          .isEqualTo(new TreeSet<>(tests.keySet()));
      assertThat(mapped.keySet()).doesNotContainAnyElementsOf(unmapped.keySet());

      int judged = 0;
      int agreeing = 0;
      int objects = 0;
      List<String> lines = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : mapped.entrySet()) {
        JsonNode test = tests.get(e.getKey());
        List<String> rules = strings(e.getValue().path("rules"));
        assertThat(ruleIds).as(e.getKey()).containsAll(rules);
        boolean container = e.getValue().path("subjects").asText("containers").equals("containers");
        List<Subject> subjects = new KubernetesSource().loadFile(Fixtures.path("kube-linter/" + test.path("input")
            .asText())).stream().filter(s -> container ? s instanceof Subject.Container : s instanceof Subject.Pod)
            .toList();
        objects += subjects.size();
        List<String> reported = new ArrayList<>();
        for (Subject subject : subjects) {
          if (verdict(judge(List.of(subject), rules)).equals("fail")) {
            reported.add(reportKey(subject));
          }
        }
        reported.sort(null);
        List<String> expected = new ArrayList<>();
        test.path("expected").forEach(x -> expected.add(expectedKey(x.path("kind_and_message").asText(), container)));
        int count = test.path("expected_report_count").asInt();
        boolean agrees = reported.size() == count && containsAll(reported, expected);
        judged++;
        JsonNode bulwark = e.getValue().path("bulwark");
        if (bulwark.isMissingNode()) {
          assertThat(reported).as(e.getKey() + " " + rules + ": kube-linter reports " + count + " " + expected)
              .hasSize(count);
          assertThat(containsAll(reported, expected)).as(e.getKey() + " " + rules + ": " + reported + " holds "
              + expected).isTrue();
          agreeing++;
          lines.add(e.getKey() + " " + rules + ": " + count + " of " + subjects.size() + " " + (container
              ? "containers" : "objects") + " reported by both " + reported);
        } else {
          assertThat(reported).as(e.getKey() + " (documented disagreement)").isEqualTo(strings(bulwark));
          assertThat(agrees).as(e.getKey() + ": a documented disagreement that agrees").isFalse();
          lines.add(e.getKey() + " " + rules + ": kube-linter reports " + count + " " + expected + ", Bulwark "
              + reported + " (documented)");
        }
      }
      record("kube-linter", "tests: " + tests.size() + ", mapped to Bulwark rules: " + mapped.size() + ", unmapped: "
          + unmapped.size());
      record("kube-linter", "tests judged: " + judged + " (" + objects + " containers or objects), agreeing: "
          + agreeing + ", documented disagreements: " + (judged - agreeing));
      lines.forEach(l -> record("kube-linter", "  " + l));
      Fixtures.assertGoldenText(COVERAGE.get("kube-linter"), CORPUS.resolve("coverage-kube-linter.txt"));
    }

    private static boolean containsAll(List<String> reported, List<String> expected) {
      List<String> left = new ArrayList<>(reported);
      for (String key : expected) {
        if (!left.remove(key)) {
          return false;
        }
      }
      return true;
    }
  }

  static Map<String, JsonNode> byKey(JsonNode list, String key) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode entry : list) {
      String k = entry.path(key).asText();
      assertThat(out.put(k, entry)).as("listed twice: " + k).isNull();
    }
    return out;
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return out;
  }

  /** The corpora's JSON files. */
  static final class Json {
    static JsonNode read(Path file) throws IOException {
      return dev.bulwark.io.Json.mapper().readTree(file.toFile());
    }

    static JsonNode index() throws IOException {
      return read(Fixtures.path("trivy-checks/checks-index.json"));
    }

    /** A check's id (DS-0002, KSV-0017) from its rego file, which has the example file's name. */
    static String id(JsonNode index, String check) {
      String rego = "checks/" + check.replaceFirst("\\.yaml$", ".rego");
      for (JsonNode entry : index) {
        if (entry.path("rego").asText().equals(rego)) {
          return entry.path("id").asText();
        }
      }
      return "";
    }
  }
}
