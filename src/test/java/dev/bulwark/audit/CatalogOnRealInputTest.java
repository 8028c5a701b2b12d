package dev.bulwark.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.HostSettings;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.rule.CompiledRule;
import dev.bulwark.audit.rule.Outcome;
import dev.bulwark.audit.rule.RuleEngine;
import dev.bulwark.audit.rule.RuleLanguage;
import dev.bulwark.audit.rule.RuleLoader;
import dev.bulwark.audit.rule.RuleResult;
import dev.bulwark.audit.source.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole built-in catalog over every real input, as each source reads it. On well-formed input a
 * rule never errs: an error is a rule that expects a field, a form or a convention the adapter does
 * not give. And each rule fires on some real input, unless listed below with the reason no fixture
 * can show it. The outcome counts per rule and source are a golden file
 * ({@code src/test/resources/audit/catalog-on-real-input.txt}), so a change in what an adapter fills
 * or a rule decides shows in review.
 */
class CatalogOnRealInputTest {
  /**
   * Rules no real input here violates, by the reason none can: each is shown violated on hand-made
   * subjects in RuleCasesTest, and the host rules on a real host in DockerEngineLiveSystemTest.
   */
  static final Map<String, List<String>> NEVER_FIRED = Map.of(
      "the captured host tree holds /proc, passwd and group, not Docker's files, and runs a patched kernel",
      List.of("host-docker-group-members", "host-audit-dockerd", "host-audit-run-containerd",
          "host-audit-var-lib-docker", "host-audit-etc-docker", "host-audit-docker-service",
          "host-audit-containerd-socket", "host-audit-docker-socket-unit", "host-audit-etc-default-docker",
          "host-audit-daemon-json", "host-audit-containerd-config", "host-audit-etc-sysconfig-docker",
          "host-audit-containerd-binary", "host-audit-containerd-shim", "host-audit-containerd-shim-runc-v1",
          "host-audit-containerd-shim-runc-v2", "host-audit-runc", "host-file-docker-service-owner",
          "host-file-docker-service-mode", "host-file-docker-socket-unit-owner", "host-file-docker-socket-unit-mode",
          "host-file-etc-docker-owner", "host-file-etc-docker-mode", "host-file-registry-certs-owner",
          "host-file-registry-certs-mode", "host-file-tls-ca-owner", "host-file-tls-ca-mode",
          "host-file-tls-cert-owner", "host-file-tls-cert-mode", "host-file-tls-key-owner", "host-file-tls-key-mode",
          "host-file-docker-sock-owner", "host-file-docker-sock-mode", "host-file-daemon-json-owner",
          "host-file-daemon-json-mode", "host-file-etc-default-docker-owner", "host-file-etc-sysconfig-docker-mode",
          "host-file-etc-sysconfig-docker-owner", "host-file-etc-default-docker-mode",
          "host-file-containerd-sock-owner", "host-file-containerd-sock-mode", "host-kernel-dirty-pipe",
          "host-kernel-dirty-cow"),
      "the captured dockerd (20.10.24, containerd 1.6.20, runc 1.1.5) runs with these at their defaults, and"
          + " Debian back-ported the Leaky Vessels fix to its runc (the package's changelog names CVE-2024-21626)",
      List.of("daemon-log-level", "daemon-insecure-registries", "daemon-aufs", "daemon-tcp-without-tls",
          "daemon-cgroup-parent", "daemon-base-device-size", "daemon-seccomp-unconfined", "daemon-experimental",
          "daemon-docker-cve-2019-14271", "daemon-runc-cve-2019-5736", "daemon-runc-cve-2024-21626",
          "daemon-containerd-cve-2020-15257"),
      "the captured containers agree with the API, have a seccomp filter and ran with --network none",
      List.of("container-kernel-discrepancy", "container-kernel-seccomp-off", "container-default-bridge"),
      "no container here runs an SSH server; every OCI config (runc, crun, umoci) has a mount namespace",
      List.of("container-sshd-running", "container-host-mount-namespace"),
      "no manifest here sets these pod-level fields to a violating value",
      List.of("pod-host-process", "pod-apparmor-unconfined", "pod-seccomp-unconfined", "pod-run-as-user-root"),
      "no Dockerfile here does it (trivy's root user example has no USER at all)",
      List.of("dockerfile-user-root", "instruction-secret-env", "instruction-copy-secret-file", "instruction-add-url",
          "instruction-unverified-packages"),
      "the image here (a docker commit of /etc/os-release) has no package database",
      List.of("image-ssh-server", "image-sudo-installed"));

  private static Map<String, List<Subject>> inputs;
  private static List<CompiledRule> rules;
  private static Map<String, List<RuleResult>> results;

  @BeforeAll
  static void evaluate(@TempDir Path scratch) throws IOException {
    inputs = RealInputs.load(scratch);
    rules = new RuleLoader(new RuleLanguage()).builtin();
    RuleEngine engine = new RuleEngine(rules);
    results = new LinkedHashMap<>();
    inputs.forEach((source, subjects) -> results.put(source, engine.evaluate(subjects)));
  }

  @Test
  void everySourceGaveSubjects() {
    inputs.forEach((source, subjects) -> assertThat(subjects).as(source).isNotEmpty());
  }

  @Test
  void noRuleErrsOnWellFormedInput() {
    List<String> errors = new ArrayList<>();
    results.forEach((source, list) -> list.stream().filter(r -> r.outcome() == Outcome.ERROR)
        .forEach(r -> errors.add(source + ": " + r.rule().id() + " on " + r.subject().display() + ": "
            + r.error().orElse(""))));
    assertThat(errors).isEmpty();
  }

  @Test
  void everyRuleFiresOnSomeRealInput() {
    Set<String> fired = new java.util.HashSet<>();
    results.values().forEach(list -> list.stream().filter(r -> r.outcome() == Outcome.FAIL)
        .forEach(r -> fired.add(r.rule().id())));
    List<String> silent = rules.stream().map(r -> r.rule().id()).filter(id -> !fired.contains(id)).toList();
    assertThat(silent).as("rules that no real input violates").containsExactlyInAnyOrderElementsOf(
        NEVER_FIRED.values().stream().flatMap(List::stream).toList());
  }

  /** The conventions docs/audit-rules.md promises and the built-in rules rely on, on every real input. */
  @Test
  void adaptersFillTheConventionsTheRulesRelyOn() {
    List<String> violations = new ArrayList<>();
    Pattern capability = Pattern.compile("[A-Z][A-Z0-9_]*");
    Pattern selinux = Pattern.compile("(user|role|type|level):.+|disable");
    Pattern mode = Pattern.compile("0[0-7]{3}");
    inputs.forEach((source, subjects) -> {
      for (Subject subject : subjects) {
        String where = source + " " + subject.ref().display() + ": ";
        switch (subject) {
          case Subject.Container c -> {
            ContainerSettings s = c.settings();
            List<String> caps = new ArrayList<>(s.capabilities().effective());
            caps.addAll(s.capabilities().add());
            caps.addAll(s.capabilities().drop());
            s.kernel().ifPresent(k -> {
              caps.addAll(k.capEffective());
              caps.addAll(k.capBounding());
            });
            caps.stream().filter(n -> n.startsWith("CAP_") || !capability.matcher(n).matches())
                .forEach(n -> violations.add(where + "capability " + n));
            s.selinuxOptions().stream().filter(o -> !selinux.matcher(o).matches())
                .forEach(o -> violations.add(where + "SELinux option " + o));
            for (String ns : List.of(s.namespaces().pid(), s.namespaces().network(), s.namespaces().ipc(),
                s.namespaces().uts(), s.namespaces().user(), s.namespaces().cgroup(), s.namespaces().mount())) {
              if (!Set.of("private", "host", "pod").contains(ns) && !ns.startsWith("container:")) {
                violations.add(where + "namespace mode " + ns);
              }
            }
          }
          case Subject.Host h -> {
            for (HostSettings.FileStat f : h.settings().files()) {
              boolean missing = f.kind().equals("missing");
              if (missing ? !f.mode().isEmpty() : !mode.matcher(f.mode()).matches()) {
                violations.add(where + "mode of " + f.path() + " " + f.kind() + " " + f.mode());
              }
            }
            List<String> paths = h.settings().files().stream().map(HostSettings.FileStat::path).toList();
            for (String cis : List.of("/etc/docker", "/etc/docker/daemon.json", "/etc/default/docker",
                "/etc/sysconfig/docker", "/lib/systemd/system/docker.service", "/lib/systemd/system/docker.socket",
                "/etc/containerd/config.toml", "/run/containerd/containerd.sock", "/var/run/docker.sock")) {
              if (!paths.contains(cis)) {
                violations.add(where + "host.files lacks " + cis);
              }
            }
          }
          case Subject.Daemon d -> d.settings().other().keySet().stream()
              .filter(k -> MODELLED_DAEMON_KEYS.contains(k)).forEach(k -> violations.add(where + "daemon.other " + k));
          case Subject.Image i -> i.settings().packages().stream().filter(n -> n.isBlank() || n.contains(" "))
              .forEach(n -> violations.add(where + "package " + n));
          default -> {}
        }
      }
    });
    assertThat(violations).isEmpty();
  }

  /** daemon.json keys with a field of their own, which daemon.other must not repeat. */
  private static final Set<String> MODELLED_DAEMON_KEYS = Set.of("hosts", "tls", "tlsverify", "icc", "log-level",
      "iptables", "insecure-registries", "storage-driver", "default-ulimits", "userns-remap", "cgroup-parent",
      "authorization-plugins", "log-driver", "live-restore", "userland-proxy", "seccomp-profile", "experimental",
      "no-new-privileges");

  @Test
  void outcomesPerRuleAndSourceAreAsRecorded() {
    StringBuilder text = new StringBuilder("# rule: per source, subjects failed / passed / not applicable\n");
    for (CompiledRule rule : rules) {
      String id = rule.rule().id();
      Map<String, Map<Outcome, Integer>> counts = new TreeMap<>();
      results.forEach((source, list) -> list.stream().filter(r -> r.rule().id().equals(id)).forEach(r ->
          counts.computeIfAbsent(source, s -> new EnumMap<>(Outcome.class)).merge(r.outcome(), 1, Integer::sum)));
      text.append(id).append(':');
      counts.forEach((source, c) -> text.append(' ').append(source).append(' ')
          .append(c.getOrDefault(Outcome.FAIL, 0)).append('/').append(c.getOrDefault(Outcome.PASS, 0)).append('/')
          .append(c.getOrDefault(Outcome.NOT_APPLICABLE, 0)));
      text.append('\n');
    }
    Fixtures.assertGoldenText(text.toString(), Path.of("src/test/resources/audit/catalog-on-real-input.txt"));
  }
}
