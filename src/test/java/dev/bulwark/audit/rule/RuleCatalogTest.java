package dev.bulwark.audit.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleCatalogTest {
  @Test
  void builtinCatalogCompiles() {
    List<CompiledRule> rules = new RuleLoader(new RuleLanguage()).builtin();
    assertThat(rules).hasSizeGreaterThan(100);
  }
}
