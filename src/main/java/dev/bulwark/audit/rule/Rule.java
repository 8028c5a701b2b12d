package dev.bulwark.audit.rule;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One check of the catalog, as data: its CEL {@code expression} is true when the subject violates
 * it; {@code applies}, when given, must be true for the rule to apply at all.
 *
 * @param texts the words per language: {@code en} always, {@code zh-CN} when translated
 * @param origin where the rule was read ({@code builtin:container.yaml}, a file path), for messages
 */
public record Rule(
    String id,
    Severity severity,
    Scope scope,
    Map<String, RuleText> texts,
    String expression,
    Optional<String> applies,
    List<EvidenceSpec> evidence,
    List<String> references,
    String origin) {
  public static final String ENGLISH = "en";

  public Rule {
    if (!id.matches("[a-z0-9][a-z0-9.-]{1,79}")) {
      throw new IllegalArgumentException("rule id '" + id + "' must be 2-80 characters of a-z, 0-9, '.' and '-'");
    }
    if (!texts.containsKey(ENGLISH)) {
      throw new IllegalArgumentException("rule " + id + " has no English text");
    }
    texts = Map.copyOf(texts);
    evidence = List.copyOf(evidence);
    references = List.copyOf(references);
  }

  /** The text in {@code language}, falling back to English. */
  public RuleText text(String language) {
    return texts.getOrDefault(language, texts.get(ENGLISH));
  }

  public String title() {
    return texts.get(ENGLISH).title();
  }
}
