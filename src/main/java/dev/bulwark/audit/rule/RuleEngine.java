package dev.bulwark.audit.rule;

import dev.bulwark.audit.model.BuildFile;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.model.SubjectRef;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates compiled rules over subjects: every rule of a subject's scope, once per subject (once
 * per instruction for instruction rules), each outcome recorded. Stateless and thread-safe.
 */
public final class RuleEngine {
  private final List<CompiledRule> rules;

  public RuleEngine(List<CompiledRule> rules) {
    this.rules = List.copyOf(rules);
  }

  public List<CompiledRule> rules() {
    return rules;
  }

  /** The outcome of every applicable rule on every subject, subjects in order, rules in catalog order. */
  public List<RuleResult> evaluate(List<Subject> subjects) {
    List<RuleResult> results = new ArrayList<>();
    for (Subject subject : subjects) {
      results.addAll(evaluate(subject));
    }
    return results;
  }

  public List<RuleResult> evaluate(Subject subject) {
    List<RuleResult> results = new ArrayList<>();
    Map<String, Object> variables = variables(subject);
    for (CompiledRule rule : rules) {
      if (!rule.rule().scope().judges(subject)) {
        continue;
      }
      if (rule.rule().scope() == Scope.INSTRUCTION) {
        results.add(instructions(rule, (Subject.Build) subject, variables));
      } else {
        results.add(aggregate(rule.rule(), subject.ref(), List.of(once(rule, subject, variables, Optional.empty()))));
      }
    }
    return results;
  }

  /** The variables of a subject's scope, as maps. */
  static Map<String, Object> variables(Subject subject) {
    Map<String, Object> variables = new LinkedHashMap<>();
    switch (subject) {
      case Subject.Container c -> {
        variables.put("container", ModelMaps.of(c.settings()));
        variables.put("pod", ModelMaps.value(c.pod()));
      }
      case Subject.Pod p -> variables.put("pod", ModelMaps.of(p.settings()));
      case Subject.Build b -> {
        Map<String, Object> file = ModelMaps.of(b.file());
        variables.put("dockerfile", file);
        List<?> stages = (List<?>) file.get("stages");
        variables.put("stage", stages.isEmpty() ? NullValue.NULL_VALUE : stages.getLast());
      }
      case Subject.Image i -> variables.put("image", ModelMaps.of(i.settings()));
      case Subject.Daemon d -> variables.put("daemon", ModelMaps.of(d.settings()));
      case Subject.Host h -> variables.put("host", ModelMaps.of(h.settings()));
    }
    return variables;
  }

  private RuleResult instructions(CompiledRule rule, Subject.Build subject, Map<String, Object> fileVariables) {
    List<Single> singles = new ArrayList<>();
    Object dockerfile = fileVariables.get("dockerfile");
    List<?> stages = (List<?>) ((Map<?, ?>) dockerfile).get("stages");
    for (int s = 0; s < stages.size(); s++) {
      Map<?, ?> stage = (Map<?, ?>) stages.get(s);
      List<?> instructions = (List<?>) stage.get("instructions");
      for (Object instruction : instructions) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("instruction", instruction);
        variables.put("stage", stage);
        variables.put("dockerfile", dockerfile);
        singles.add(once(rule, subject, variables, Optional.of((Map<?, ?>) instruction)));
      }
    }
    return aggregate(rule.rule(), subject.ref(), singles);
  }

  /** One evaluation: its outcome, and for a failure the finding. */
  private record Single(Outcome outcome, Optional<Finding> finding, Optional<String> error) {}

  private static Single once(CompiledRule rule, Subject subject, Map<String, Object> variables,
      Optional<Map<?, ?>> instruction) {
    try {
      if (rule.applies().isPresent() && !rule.applies().get().test(variables)) {
        return new Single(Outcome.NOT_APPLICABLE, Optional.empty(), Optional.empty());
      }
      if (!rule.expression().test(variables)) {
        return new Single(Outcome.PASS, Optional.empty(), Optional.empty());
      }
    } catch (RuleLanguage.EvaluationError e) {
      String where = instruction.map(i -> " (line " + i.get("line") + ")").orElse("");
      return new Single(Outcome.ERROR, Optional.empty(), Optional.of(e.getMessage() + where));
    }
    EvidenceCollector collector = new EvidenceCollector(rule.rule().scope(), subject, variables, instruction);
    List<Evidence> evidence = new ArrayList<>();
    for (CompiledRule.Evidence spec : rule.evidence()) {
      evidence.addAll(collector.collect(spec));
    }
    Location location = instruction.map(collector::instructionLocation)
        .or(() -> evidence.stream().map(Evidence::location).filter(l -> l.line().isPresent()).findFirst())
        .orElseGet(() -> evidence.isEmpty() ? subject.provenance().subject() : evidence.getFirst().location());
    return new Single(Outcome.FAIL, Optional.of(new Finding(rule.rule(), subject.ref(), location, evidence)),
        Optional.empty());
  }

  /** Fail if any evaluation failed; else error if any erred; else pass if any passed; else not applicable. */
  private static RuleResult aggregate(Rule rule, SubjectRef subject, List<Single> singles) {
    List<Finding> findings = singles.stream().flatMap(s -> s.finding().stream()).toList();
    if (!findings.isEmpty()) {
      return new RuleResult(rule, subject, Outcome.FAIL, findings, Optional.empty());
    }
    Optional<String> error = singles.stream().flatMap(s -> s.error().stream()).findFirst();
    if (error.isPresent()) {
      long count = singles.stream().filter(s -> s.outcome() == Outcome.ERROR).count();
      String reason = error.get() + (count > 1 ? " (and " + (count - 1) + " more)" : "");
      return new RuleResult(rule, subject, Outcome.ERROR, List.of(), Optional.of(reason));
    }
    boolean passed = singles.stream().anyMatch(s -> s.outcome() == Outcome.PASS);
    return new RuleResult(rule, subject, passed ? Outcome.PASS : Outcome.NOT_APPLICABLE, List.of(), Optional.empty());
  }

  /** Where a Dockerfile's instruction or stage is. */
  static Optional<Location> buildLocation(Subject subject, Object value) {
    if (subject instanceof Subject.Build build && value instanceof Map<?, ?> map
        && map.get("line") instanceof Long line && line > 0) {
      BuildFile file = build.file();
      String field = map.get("keyword") instanceof String keyword ? keyword : map.containsKey("baseImage") ? "FROM" : "";
      return Optional.of(Location.line(file.path(), Math.toIntExact(line), field));
    }
    return Optional.empty();
  }
}
