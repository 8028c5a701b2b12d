package dev.bulwark.cli;

import dev.bulwark.ExitCode;
import dev.bulwark.UsageException;
import dev.bulwark.audit.AuditReport;
import dev.bulwark.audit.AuditService;
import dev.bulwark.audit.framework.Framework;
import dev.bulwark.audit.framework.Frameworks;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.report.AuditFormats;
import dev.bulwark.audit.report.AuditRenderer;
import dev.bulwark.audit.report.Messages;
import dev.bulwark.audit.rule.CompiledRule;
import dev.bulwark.audit.rule.RuleLanguage;
import dev.bulwark.audit.rule.RuleLoader;
import dev.bulwark.audit.rule.Severity;
import dev.bulwark.audit.source.AuditContext;
import dev.bulwark.audit.source.SubjectSources;
import dev.bulwark.audit.source.image.ImageSubjectSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark audit TARGET...}: judge configurations against the rule catalog and compliance frameworks. */
@Command(
    name = "audit",
    header = "Audit container configuration against the rule catalog and compliance frameworks.",
    mixinStandardHelpOptions = true,
    description = {
      "Audit container configurations: Dockerfiles, compose files, Kubernetes manifests, docker inspect",
      "output, OCI runtime configs, images, or the local Docker Engine and its host (docker:).",
      "",
      "Every rule of the catalog (and of --rules directories) is evaluated; --framework adds a",
      "control-by-control report. Exit code 1 when a finding reaches --fail-on."
    })
final class AuditCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "TARGET", description = "What to audit (repeatable).")
  List<String> targets = new ArrayList<>();

  @Option(names = "--framework", paramLabel = "NAME",
      description = "Report against a framework (repeatable): cis-docker-1.6, pss-baseline, pss-restricted, "
          + "nist-800-190, pci-dss-4.0, iso-27001-2022, mlps-2.0-level2, mlps-2.0-level3, mlps-2.0-level4.")
  List<String> frameworks = new ArrayList<>();

  @Option(names = {"-f", "--format"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table, json, sarif or html (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
  Path output;

  @Option(names = "--lang", defaultValue = "en", paramLabel = "LANG",
      description = "Report language: en or zh-CN (default: ${DEFAULT-VALUE}).")
  String language;

  @Option(names = "--fail-on", paramLabel = "SEVERITY",
      description = "Exit 1 when a finding is at least this severe: info, low, medium, high or critical.")
  String failOn;

  @Option(names = "--rules", paramLabel = "DIR",
      description = "A directory of rule files (*.yaml) to evaluate besides the built-in catalog (repeatable).")
  List<Path> ruleDirectories = new ArrayList<>();

  @Mixin ImageOptions imageOptions;
  @Mixin RenderOptions renderOptions;

  private final Map<String, String> environment;
  private final BiFunction<String, AuditContext, List<Subject>> sources;

  AuditCommand(Map<String, String> environment) {
    this(environment, SubjectSources::load);
  }

  /** With another way to read targets (tests read subjects without files). */
  AuditCommand(Map<String, String> environment, BiFunction<String, AuditContext, List<Subject>> sources) {
    this.environment = environment;
    this.sources = sources;
  }

  @Override
  public Integer call() {
    AuditRenderer renderer = AuditFormats.named(format);
    Messages messages = Messages.of(language);
    Optional<Severity> threshold = threshold();
    List<Framework> selected = frameworks.stream().distinct().map(Frameworks::named).toList();
    List<CompiledRule> rules = new RuleLoader(new RuleLanguage()).load(ruleDirectories);
    // The layer cache is the scanner's; only image targets use it (and need a cache directory).
    boolean images = targets.stream().anyMatch(ImageSubjectSource::names);
    AuditContext context = new AuditContext(environment, imageOptions.sourceOptions(), Path.of("/"),
        images ? imageOptions.cache() : Optional.empty());
    List<Subject> subjects = new ArrayList<>();
    for (String target : targets) {
      subjects.addAll(sources.apply(target, context));
    }
    AuditReport report = new AuditService(rules, selected).audit(subjects);
    if (!report.errors().isEmpty()) {
      System.err.println("bulwark: warning: " + report.errors().size()
          + " rule evaluations failed; the report lists them and the controls they evidence are undecided");
    }
    Output.write(Optional.ofNullable(output), System.out,
        out -> renderer.render(report, renderOptions.context(), messages, out));
    return threshold.filter(report::reaches).isPresent() ? ExitCode.FINDINGS.code() : ExitCode.OK.code();
  }

  private Optional<Severity> threshold() {
    if (failOn == null) {
      return Optional.empty();
    }
    return Optional.of(Severity.parse(failOn.toLowerCase(java.util.Locale.ROOT)).orElseThrow(() ->
        new UsageException("--fail-on: '" + failOn + "' is not info, low, medium, high or critical")));
  }
}
