package dev.bulwark.cli;

import dev.bulwark.audit.AuditReport;
import dev.bulwark.audit.AuditService;
import dev.bulwark.audit.framework.Frameworks;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.report.AuditFormats;
import dev.bulwark.audit.report.AuditRenderer;
import dev.bulwark.audit.report.Messages;
import dev.bulwark.audit.rule.RuleLanguage;
import dev.bulwark.audit.rule.RuleLoader;
import dev.bulwark.audit.source.AuditContext;
import dev.bulwark.audit.source.SubjectSources;
import dev.bulwark.image.ImageRef;
import dev.bulwark.image.ImageSource;
import dev.bulwark.image.ImageSources;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.inventory.Analyzers;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.InventoryService;
import dev.bulwark.inventory.Progress;
import dev.bulwark.io.Limits;
import dev.bulwark.io.Scratch;
import dev.bulwark.report.RenderContext;
import dev.bulwark.report.sbom.SbomFormats;
import dev.bulwark.report.sbom.SbomRenderer;
import dev.bulwark.report.vuln.ScanFormats;
import dev.bulwark.report.vuln.ScanRenderer;
import dev.bulwark.vuln.db.AdvisoryImporter;
import dev.bulwark.vuln.db.DbProgress;
import dev.bulwark.vuln.db.SqliteAdvisoryStore;
import dev.bulwark.vuln.scan.ScanOptions;
import dev.bulwark.vuln.scan.ScanReport;
import dev.bulwark.vuln.scan.ScanService;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Not for users: the launcher runs it once after a build, under
 * {@code -XX:ArchiveClassesAtExit}, over the repository's examples, so that the class data sharing
 * archive holds every class an inventory, a scan, an audit and each report format load. Later
 * runs map that archive and start in a fraction of the time.
 */
@Command(name = "train-startup", hidden = true, description = "Exercises the common paths for the startup archive.")
final class TrainStartupCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "EXAMPLES", description = "The repository's examples directory.")
  Path examples;

  private final Map<String, String> environment;

  TrainStartupCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws IOException {
    RenderContext context = new RenderContext(Instant.EPOCH, "bulwark", Version.current());
    ImageRef ref = ImageRef.parse("oci-archive:" + examples.resolve("demo-image.tar"));
    Inventory inventory;
    try (ImageSource source = ImageSources.open(ref, SourceOptions.defaults(environment))) {
      inventory = new InventoryService(Analyzers.all(), Optional.empty(), Limits.DEFAULT, Progress.NONE)
          .inventory(source, ref.display());
    }
    for (SbomRenderer renderer : SbomFormats.all()) {
      renderer.render(inventory, context, OutputStream.nullOutputStream());
    }
    try (Scratch scratch = Scratch.inTempDir()) {
      Path db = scratch.directory().resolve("advisories.db");
      AdvisoryImporter.importPaths(db, List.of(examples.resolve("advisories")), Clock.systemUTC(), DbProgress.NONE);
      try (SqliteAdvisoryStore store = SqliteAdvisoryStore.open(db)) {
        ScanReport report = new ScanService(store)
            .scan(inventory, new ScanOptions(false, List.of(), Duration.ofDays(7), Instant.now()));
        for (ScanRenderer renderer : ScanFormats.all()) {
          renderer.render(report, context, OutputStream.nullOutputStream());
        }
      }
    }
    AuditContext audit = new AuditContext(environment, SourceOptions.defaults(environment), Path.of("/"));
    List<Subject> subjects = new ArrayList<>();
    subjects.addAll(SubjectSources.load(examples.resolve("audit").toString(), audit));
    AuditReport report = new AuditService(new RuleLoader(new RuleLanguage()).load(List.of()),
        List.of(Frameworks.named("cis-docker-1.6"))).audit(subjects);
    for (AuditRenderer renderer : AuditFormats.all()) {
      renderer.render(report, context, Messages.of("en"), OutputStream.nullOutputStream());
    }
    return 0;
  }
}
