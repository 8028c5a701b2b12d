package dev.bulwark.audit.live;

import dev.bulwark.audit.AuditReport;
import dev.bulwark.audit.AuditService;
import dev.bulwark.audit.framework.Frameworks;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.rule.Evidence;
import dev.bulwark.audit.rule.Finding;
import dev.bulwark.audit.rule.RuleLanguage;
import dev.bulwark.audit.rule.RuleLoader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** An audit of live subjects with the built-in catalog, read per container as the live tests check it. */
record LiveFindings(AuditReport report) {
  /**
   * The container-runtime rules the hardened container's options address ({@code --read-only --cap-drop ALL
   * --security-opt no-new-privileges --pids-limit -m --user}), and those that read the kernel's view.
   */
  static final Set<String> HARDENING_ADDRESSES = Set.of("container-writable-rootfs",
      "container-capabilities-not-dropped", "container-capabilities-added", "container-dangerous-capabilities",
      "container-new-privileges-allowed", "container-no-pids-limit", "container-no-memory-limit",
      "container-runs-as-root", "container-privileged", "container-sensitive-host-mount",
      "container-docker-socket-mounted", "container-host-pid", "container-seccomp-unconfined",
      "container-kernel-seccomp-off", "container-kernel-discrepancy", "container-unmasked-paths");

  static LiveFindings of(List<Subject> subjects) {
    return new LiveFindings(new AuditService(new RuleLoader(new RuleLanguage()).builtin(),
        List.of(Frameworks.named("cis-docker-1.6"))).audit(subjects));
  }

  /** Rule ids that failed, per container name. */
  Map<String, Set<String>> byContainer() {
    Map<String, Set<String>> out = new TreeMap<>();
    for (Finding f : report.findings()) {
      if (f.subject().kind().equals("docker-container")) {
        out.computeIfAbsent(f.subject().name(), k -> new TreeSet<>()).add(f.rule().id());
      }
    }
    return out;
  }

  Set<String> of(String container) {
    return byContainer().getOrDefault(container, Set.of());
  }

  /** The evidence of one finding. */
  List<Evidence> evidence(String container, String rule) {
    return report.findings().stream().filter(f -> f.subject().name().equals(container) && f.rule().id().equals(rule))
        .findFirst().map(Finding::evidence).orElseThrow(() -> new AssertionError(container + " has no " + rule));
  }

  /** How evidence reads in a report: {@code path = value @ where}. */
  List<String> cited(String container, String rule) {
    return evidence(container, rule).stream().map(e -> e.path() + " = " + e.value() + " @ " + e.location().display())
        .toList();
  }

  void print() {
    for (Map.Entry<String, Set<String>> e : byContainer().entrySet()) {
      System.out.println(e.getKey() + ": " + e.getValue());
    }
  }
}
