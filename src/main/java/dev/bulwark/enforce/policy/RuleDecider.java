package dev.bulwark.enforce.policy;

import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.rule.CompiledRule;
import dev.bulwark.audit.rule.Evidence;
import dev.bulwark.audit.rule.Outcome;
import dev.bulwark.audit.rule.RuleEngine;
import dev.bulwark.audit.rule.RuleResult;
import dev.bulwark.audit.rule.Scope;
import dev.bulwark.enforce.Decider;
import dev.bulwark.enforce.Decision;
import dev.bulwark.enforce.GuardRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The guard's decider: the audit rule catalog, in the modes the policy gives, decides container
 * creation and pod admission — the same rule that reports a finding in {@code bulwark audit}
 * denies the request here. Around it, checks that only exist at the API: requests that cannot be
 * inspected, exec with privilege or as root, plugin changes, registries off the allow-list, bind
 * volumes of host paths, and the image gate. Every denial names the rule, says why with the
 * evidence, and says how to fix it.
 */
public final class RuleDecider implements Decider {
  public static final String UNINSPECTABLE = "guard-uninspectable";
  public static final String RULE_ERROR = "guard-rule-error";

  private final RuleEngine engine;
  private final GuardPolicy policy;
  private final RequestChecks checks;
  private final Optional<ImageGate> imageGate;

  public RuleDecider(List<CompiledRule> catalog, GuardPolicy policy, Set<String> extraPluginUsers,
      Optional<ImageGate> imageGate) {
    this.engine = new RuleEngine(catalog.stream()
        .filter(r -> r.rule().scope() == Scope.CONTAINER || r.rule().scope() == Scope.POD)
        .filter(r -> policy.modeOf(r.rule().id()) != Mode.OFF)
        .toList());
    this.policy = policy;
    Set<String> pluginUsers = new LinkedHashSet<>(policy.pluginUsers());
    pluginUsers.addAll(extraPluginUsers);
    this.checks = new RequestChecks(policy, pluginUsers);
    this.imageGate = imageGate;
  }

  /** The built-in catalog under the built-in policy: what the guard enforces with no policy file. */
  public static RuleDecider defaults(Set<String> pluginUsers) {
    List<CompiledRule> catalog = new dev.bulwark.audit.rule.RuleLoader(new dev.bulwark.audit.rule.RuleLanguage())
        .load(List.of());
    GuardPolicy policy = PolicyFile.defaults(catalog.stream().map(r -> r.rule().id()).collect(Collectors.toSet()));
    return new RuleDecider(catalog, policy, pluginUsers, Optional.empty());
  }

  @Override
  public Decision decide(GuardRequest request) {
    if (request.problem().isPresent()) {
      return Decision.deny(List.of(UNINSPECTABLE), "[" + UNINSPECTABLE + "] the guard cannot inspect this request: "
          + request.problem().orElseThrow() + ". Fix: send the request with its full JSON body.");
    }
    List<Violation> denials = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    switch (request.action()) {
      case "container.create", "kubernetes.admit" -> {
        request.subject().ifPresent(subject -> rules(request, subject, denials, warnings));
        if (request.action().equals("container.create")) {
          imageGate.ifPresent(gate -> gate.check(request).ifPresent(denials::add));
        }
      }
      default -> denials.addAll(checks.check(request));
    }
    if (!denials.isEmpty()) {
      return new Decision(false, denials.stream().map(Violation::rule).distinct().toList(),
          denials.stream().map(Violation::line).distinct().collect(Collectors.joining("\n")), warnings);
    }
    return Decision.allow(warnings);
  }

  private void rules(GuardRequest request, Subject subject, List<Violation> denials, List<String> warnings) {
    String user = request.user().orElse("");
    String image = request.attributes().getOrDefault("image", "");
    Map<String, String> labels = labels(request);
    for (RuleResult result : engine.evaluate(subject)) {
      String id = result.rule().id();
      if (result.outcome() != Outcome.FAIL && result.outcome() != Outcome.ERROR) {
        continue;
      }
      if (policy.exemptions().stream().anyMatch(e -> e.covers(id, user, image, labels))) {
        continue;
      }
      Mode mode = policy.modeOf(id);
      if (result.outcome() == Outcome.ERROR) {
        // a rule that cannot be evaluated decides nothing: an enforced one fails closed
        Violation error = new Violation(RULE_ERROR, "rule " + id + " could not be evaluated on this request ("
            + result.error().orElse("unknown error") + ")", "report this to the guard's administrator");
        if (mode == Mode.ENFORCE) {
          denials.add(error);
        } else {
          warnings.add("[" + id + "] not evaluated");
        }
        continue;
      }
      if (mode == Mode.ENFORCE) {
        denials.add(new Violation(id, result.rule().title() + because(result), result.rule().text("en").remediation()));
      } else if (mode == Mode.WARN) {
        warnings.add("[" + id + "] " + result.rule().title());
      }
    }
  }

  /** "privileged = true (docker API HostConfig.Privileged)" for each piece of evidence. */
  private static String because(RuleResult result) {
    List<String> evidence = new ArrayList<>();
    result.findings().forEach(f -> {
      for (Evidence e : f.evidence()) {
        evidence.add(e.path() + " = " + e.value() + " (" + e.location().display() + ")");
      }
    });
    return evidence.isEmpty() ? "" : ": " + String.join("; ", evidence);
  }

  private static Map<String, String> labels(GuardRequest request) {
    Map<String, String> labels = new LinkedHashMap<>();
    request.attributes().forEach((key, value) -> {
      if (key.startsWith("label.")) {
        labels.put(key.substring("label.".length()), value);
      }
    });
    return labels;
  }

  /** One reason to deny: the rule, why, and how to fix it. */
  public record Violation(String rule, String why, String fix) {
    String line() {
      return "[" + rule + "] " + why + ". Fix: " + fix.strip();
    }
  }
}
