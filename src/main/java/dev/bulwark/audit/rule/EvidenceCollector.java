package dev.bulwark.audit.rule;

import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Subject;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves a failed rule's evidence paths on one subject into rendered values and locations. */
final class EvidenceCollector {
  private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)|\\[([0-9]+)]");
  /** Elements cited for one {@code where}; a list with more matches is summarised. */
  private static final int MAX_ELEMENTS = 50;

  private final Scope scope;
  private final Subject subject;
  private final Map<String, Object> variables;
  private final Optional<Map<?, ?>> instruction;

  EvidenceCollector(Scope scope, Subject subject, Map<String, Object> variables, Optional<Map<?, ?>> instruction) {
    this.scope = scope;
    this.subject = subject;
    this.variables = variables;
    this.instruction = instruction;
  }

  Location instructionLocation(Map<?, ?> instruction) {
    return RuleEngine.buildLocation(subject, instruction).orElse(subject.provenance().subject());
  }

  List<Evidence> collect(CompiledRule.Evidence spec) {
    String path = spec.spec().path();
    Object value;
    try {
      value = resolve(path);
    } catch (Absent e) {
      return List.of(); // under a value the subject does not have: a container read without its kernel view
    } catch (IllegalArgumentException e) {
      return List.of(new Evidence(path, "(unavailable: " + e.getMessage() + ")", location(path, null)));
    }
    if (spec.where().isEmpty()) {
      return List.of(new Evidence(path, Redaction.render(path, value), location(path, value)));
    }
    List<Evidence> evidence = new ArrayList<>();
    List<Map.Entry<String, Object>> elements = elements(path, value);
    int matched = 0;
    for (Map.Entry<String, Object> element : elements) {
      Map<String, Object> withItem = new LinkedHashMap<>(variables);
      withItem.put(RuleLanguage.ITEM, element.getValue());
      boolean holds;
      try {
        holds = spec.where().get().test(withItem);
      } catch (RuleLanguage.EvaluationError e) {
        evidence.add(new Evidence(element.getKey(), "(evidence condition failed: " + e.getMessage() + ")",
            location(element.getKey(), element.getValue())));
        continue;
      }
      if (holds && ++matched <= MAX_ELEMENTS) {
        evidence.add(new Evidence(element.getKey(), Redaction.render(element.getKey(), element.getValue()),
            location(element.getKey(), element.getValue())));
      }
    }
    if (matched > MAX_ELEMENTS) {
      evidence.add(new Evidence(path, "(" + (matched - MAX_ELEMENTS) + " more)", location(path, null)));
    }
    return evidence;
  }

  /** A list's elements as {@code path[i]}, a map's entries as {@code {key, value}} under {@code path.key}. */
  private static List<Map.Entry<String, Object>> elements(String path, Object value) {
    List<Map.Entry<String, Object>> elements = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        elements.add(Map.entry(path + "[" + i + "]", list.get(i)));
      }
    } else if (value instanceof Map<?, ?> map) {
      for (var entry : map.entrySet()) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("key", String.valueOf(entry.getKey()));
        item.put("value", entry.getValue());
        elements.add(Map.entry(path + "." + entry.getKey(), item));
      }
    }
    return elements;
  }

  /** The value at a path: relative to the scope's first variable, or under another variable by name. */
  Object resolve(String path) {
    Matcher m = SEGMENT.matcher(path);
    List<String> segments = new ArrayList<>();
    while (m.find()) {
      segments.add(m.group(1) != null ? m.group(1) : "[" + m.group(2));
    }
    Object current;
    int start;
    String head = segments.getFirst();
    if (scope.variables().contains(head) && (!head.equals(scope.primary()) || segments.size() == 1)) {
      current = variables.get(head);
      start = 1;
    } else {
      current = variables.get(scope.primary());
      start = 0;
    }
    for (int i = start; i < segments.size(); i++) {
      String segment = segments.get(i);
      if (segment.startsWith("[")) {
        int index = Integer.parseInt(segment.substring(1));
        if (!(current instanceof List<?> list) || index >= list.size()) {
          throw new IllegalArgumentException("no element " + index);
        }
        current = list.get(index);
      } else {
        if (current instanceof NullValue) {
          throw new Absent();
        }
        if (!(current instanceof Map<?, ?> map) || !map.containsKey(segment)) {
          throw new IllegalArgumentException("no field '" + segment + "'");
        }
        current = map.get(segment);
      }
    }
    return current;
  }

  /** A path through a value that is absent (null), as opposed to one that names no field. */
  private static final class Absent extends IllegalArgumentException {
    Absent() {
      super("absent");
    }
  }

  private Location location(String path, Object value) {
    Optional<Location> build = RuleEngine.buildLocation(subject, value);
    if (build.isPresent()) {
      return build.get();
    }
    String head = path.split("[.\\[]", 2)[0];
    if (instruction.isPresent() && head.equals("instruction")) {
      return instructionLocation(instruction.get());
    }
    if (instruction.isPresent() && !scope.variables().contains(head)) {
      return instructionLocation(instruction.get());
    }
    if (subject instanceof Subject.Build && head.equals("stage") && variables.get("stage") instanceof Map<?, ?> stage) {
      return RuleEngine.buildLocation(subject, stage).orElse(subject.provenance().subject());
    }
    return subject.provenance().of(path);
  }
}
