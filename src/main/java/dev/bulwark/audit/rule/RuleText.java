package dev.bulwark.audit.rule;

/** The words of a rule in one language. */
public record RuleText(String title, String rationale, String remediation) {
  public RuleText {
    if (title.isBlank()) {
      throw new IllegalArgumentException("a rule needs a title");
    }
  }
}
