package dev.bulwark.cli;

import dev.bulwark.ExitCode;
import dev.bulwark.UsageException;
import dev.bulwark.image.ImageRef;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.report.RenderContext;
import dev.bulwark.report.vuln.ScanFormats;
import dev.bulwark.report.vuln.ScanRenderer;
import dev.bulwark.vuln.cvss.Rating;
import dev.bulwark.vuln.db.AdvisoryStore;
import dev.bulwark.vuln.db.DbAge;
import dev.bulwark.vuln.db.SqliteAdvisoryStore;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.scan.ScanOptions;
import dev.bulwark.vuln.scan.ScanReport;
import dev.bulwark.vuln.scan.ScanService;
import dev.bulwark.vuln.suppress.SuppressionSource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark scan IMAGE}: inventory an image and match it against the advisory database. */
@Command(
    name = "scan",
    header = "Find known vulnerabilities in an image.",
    mixinStandardHelpOptions = true,
    description = {
      "Find known vulnerabilities in an image: its OS and language packages are matched against the",
      "advisory database (see 'bulwark db') with each ecosystem's own version rules.",
      "",
      "IMAGE takes the same forms as for 'bulwark sbom'. Exit code 1 when findings reach --fail-on."
    })
final class ScanCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to scan.")
  String image;

  @Option(names = {"-f", "--format"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table, json, sarif, cyclonedx or html (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
  Path output;

  @Option(names = "--fail-on", paramLabel = "SEVERITY",
      description = "Exit 1 when a finding is at least this severe: low, medium, high or critical.")
  String failOn;

  @Option(names = "--ignore-unfixed", description = "Leave out vulnerabilities no released version fixes.")
  boolean ignoreUnfixed;

  @Option(names = "--vex", paramLabel = "FILE", description = "OpenVEX document whose not_affected and fixed statements suppress findings (repeatable).")
  List<Path> vex = new ArrayList<>();

  @Option(names = "--ignore-file", paramLabel = "FILE", description = "YAML list of findings to ignore: id, optional package, reason, expiry.")
  Path ignoreFile;

  @Option(names = "--max-db-age", paramLabel = "DURATION",
      description = "Warn when the database is older than this (default: $BULWARK_DB_MAX_AGE, else 7d).")
  String maxDbAge;

  @Mixin DbOptions dbOptions;
  @Mixin ImageOptions imageOptions;
  @Mixin RenderOptions renderOptions;

  private final Map<String, String> environment;

  ScanCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    ScanRenderer renderer = ScanFormats.named(format);
    Optional<Rating> threshold = threshold();
    ImageRef ref = ImageRef.parse(image);
    List<SuppressionSource> suppressions = Suppressions.load(vex, Optional.ofNullable(ignoreFile));
    Path db = dbOptions.location(environment);
    ScanReport report;
    try (AdvisoryStore store = SqliteAdvisoryStore.open(db)) {
      Inventory inventory = imageOptions.inventory(ref);
      ScanOptions options = new ScanOptions(ignoreUnfixed, suppressions,
          DbAge.maxAge(Optional.ofNullable(maxDbAge), environment), Instant.now());
      report = new ScanService(store).scan(inventory, options);
    }
    RenderContext context = renderOptions.context();
    report.database().staleWarning().ifPresent(w -> System.err.println("bulwark: warning: " + w));
    Output.write(Optional.ofNullable(output), System.out, out -> renderer.render(report, context, out));
    if (threshold.isPresent()) {
      int rank = threshold.orElseThrow().ordinal() + 1;
      for (Finding finding : report.findings()) {
        if (finding.severity().rank() >= rank) {
          return ExitCode.FINDINGS.code();
        }
      }
    }
    return ExitCode.OK.code();
  }

  private Optional<Rating> threshold() {
    if (failOn == null) {
      return Optional.empty();
    }
    return switch (failOn.toLowerCase(Locale.ROOT)) {
      case "low" -> Optional.of(Rating.LOW);
      case "medium" -> Optional.of(Rating.MEDIUM);
      case "high" -> Optional.of(Rating.HIGH);
      case "critical" -> Optional.of(Rating.CRITICAL);
      default -> throw new UsageException("--fail-on: '" + failOn + "' is not low, medium, high or critical");
    };
  }
}
