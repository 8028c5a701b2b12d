package dev.bulwark.enforce.policy;

import dev.bulwark.audit.rule.CompiledRule;
import dev.bulwark.audit.rule.RuleLanguage;
import dev.bulwark.audit.rule.RuleLoader;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Deciders for tests: the built-in catalog and policy, with variations. */
public final class RuleDeciders {
  private RuleDeciders() {}

  public static RuleDecider withRegistries(Set<String> pluginUsers, Set<String> registries) {
    List<CompiledRule> catalog = new RuleLoader(new RuleLanguage()).load(List.of());
    GuardPolicy policy = PolicyFile.defaults(catalog.stream().map(r -> r.rule().id()).collect(Collectors.toSet()))
        .withAllowedRegistries(registries);
    return new RuleDecider(catalog, policy, pluginUsers, Optional.empty());
  }
}
