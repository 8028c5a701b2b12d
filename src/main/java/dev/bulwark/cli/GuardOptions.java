package dev.bulwark.cli;

import dev.bulwark.UsageException;
import dev.bulwark.audit.rule.CompiledRule;
import dev.bulwark.audit.rule.RuleLanguage;
import dev.bulwark.audit.rule.RuleLoader;
import dev.bulwark.enforce.AuditSink;
import dev.bulwark.enforce.Decider;
import dev.bulwark.enforce.log.AuditLog;
import dev.bulwark.enforce.log.AuditLogOptions;
import dev.bulwark.enforce.log.AuditLogSink;
import dev.bulwark.enforce.log.Durability;
import dev.bulwark.enforce.policy.GuardPolicy;
import dev.bulwark.enforce.policy.ImageGate;
import dev.bulwark.enforce.policy.PolicyFile;
import dev.bulwark.enforce.policy.RuleDecider;
import dev.bulwark.image.ImageRef;
import dev.bulwark.image.ImageSources;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.inventory.Analyzers;
import dev.bulwark.inventory.InventoryService;
import dev.bulwark.inventory.Progress;
import dev.bulwark.io.Limits;
import dev.bulwark.vuln.cvss.Rating;
import dev.bulwark.vuln.db.DbLocation;
import dev.bulwark.vuln.db.SqliteAdvisoryStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** What both guards share: the rule catalog and policy, the image gate, the audit log. */
final class GuardOptions {
  @Option(names = "--policy", paramLabel = "FILE",
      description = "Policy file: rule modes (enforce, warn, off), exemptions, registries, exec, image gate. "
          + "Without one the built-in policy enforces (see --print-default-policy).")
  Path policy;

  @Option(names = "--rules", paramLabel = "DIR", description = "More rule files, as for 'bulwark audit' (repeatable).")
  List<Path> ruleDirectories = new ArrayList<>();

  @Option(names = "--deny-severity", paramLabel = "LEVEL",
      description = "Image gate: refuse containers whose image has vulnerabilities at or above LEVEL "
          + "(low, medium, high, critical); overrides the policy's imageGate.severity.")
  String denySeverity;

  @Option(names = "--db", paramLabel = "PATH", description = "Advisory database for the image gate (default as for 'bulwark scan').")
  Path db;

  @Option(names = "--audit-log", paramLabel = "FILE",
      description = "Hash-chained log of every decision, written before the answer; a failed write denies "
          + "(default: $BULWARK_STATE_DIR, else /var/lib/bulwark as root, else ~/.local/state/bulwark; then guard/audit.log).")
  Path auditLog;

  @Option(names = "--audit-durability", paramLabel = "WHEN",
      description = "When a decision counts as logged, before the answer: fsync (on disk, survives a power loss; "
          + "the default) or write (handed to the kernel and synced every second: survives a crash of the guard, "
          + "not of the host, and keeps the disk's sync latency out of every answer).")
  String auditDurability = "fsync";

  @Option(names = "--print-default-policy", description = "Print the built-in policy (a starting point for --policy) and exit.")
  boolean printDefaultPolicy;

  @Option(names = "--signing-key", paramLabel = "FILE",
      description = "Ed25519 key (PKCS#8 PEM) signing the log's checkpoints; created with its .pub.pem if absent "
          + "(default: keys/audit-signing.pem beside the log; keep it where the log's writers cannot read it).")
  Path signingKey;

  @Option(names = "--exempt-user", paramLabel = "USER",
      description = "A user allowed to install and change plugins, besides the policy's plugins.users (repeatable).")
  List<String> exemptUsers = List.of();

  @Option(names = "--allow-registry", paramLabel = "HOST",
      description = "Allow pulls and pushes only from these registries (repeatable; docker.io for Docker Hub); "
          + "overrides the policy's registries.allow.")
  List<String> allowedRegistries = List.of();

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: ${DEFAULT-VALUE}).")
  int threads = 8;

  private final Map<String, String> environment;

  GuardOptions(Map<String, String> environment) {
    this.environment = environment;
  }

  Decider decider() {
    List<CompiledRule> catalog = new RuleLoader(new RuleLanguage()).load(ruleDirectories);
    Set<String> ids = catalog.stream().map(r -> r.rule().id()).collect(Collectors.toSet());
    GuardPolicy loaded = policy != null ? PolicyFile.load(policy, ids) : PolicyFile.defaults(ids);
    GuardPolicy guardPolicy = allowedRegistries.isEmpty() ? loaded : loaded.withAllowedRegistries(Set.copyOf(allowedRegistries));
    Optional<Rating> threshold = denySeverity != null
        ? Optional.of(Rating.ofWord(denySeverity).filter(r -> r != Rating.NONE).orElseThrow(() -> new UsageException(
            "--deny-severity: '" + denySeverity + "' is not low, medium, high or critical")))
        : guardPolicy.imageGate().map(GuardPolicy.ImageGate::severity);
    Optional<ImageGate> gate = threshold.map(severity -> {
      Optional<Path> database = Optional.ofNullable(db).or(() -> guardPolicy.imageGate().flatMap(GuardPolicy.ImageGate::database));
      SourceOptions sources = SourceOptions.defaults(environment);
      return new ImageGate(severity, guardPolicy.imageGate().map(GuardPolicy.ImageGate::ignoreUnfixed).orElse(false),
          name -> ImageSources.open(new ImageRef.DockerDaemon(name), sources),
          new InventoryService(Analyzers.all(), Optional.empty(), Limits.DEFAULT, Progress.NONE),
          SqliteAdvisoryStore.open(DbLocation.resolve(database, environment)), Clock.systemUTC());
    });
    return new RuleDecider(catalog, guardPolicy, Set.copyOf(exemptUsers), gate);
  }

  AuditSink audit() {
    if (threads < 1 || threads > 256) {
      throw new UsageException("--threads must be between 1 and 256");
    }
    Path log = auditLog != null ? auditLog : stateDirectory().resolve("guard").resolve("audit.log");
    Path key = signingKey != null ? signingKey
        : log.toAbsolutePath().getParent().resolve("keys").resolve("audit-signing.pem");
    AuditLogOptions defaults = AuditLogOptions.defaults(log, key);
    return new AuditLogSink(AuditLog.open(defaults.withDurability(durability(), defaults.syncInterval())));
  }

  /** {@code --audit-durability}, checked. */
  Durability durability() {
    return switch (auditDurability) {
      case "fsync" -> Durability.FSYNC;
      case "write" -> Durability.WRITE;
      default -> throw new UsageException("--audit-durability must be fsync or write, not '" + auditDurability + "'");
    };
  }

  private Path stateDirectory() {
    String configured = environment.get("BULWARK_STATE_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    if ("root".equals(environment.get("USER")) || "/root".equals(environment.get("HOME"))) {
      return Path.of("/var/lib/bulwark");
    }
    String home = environment.get("HOME");
    if (home == null || home.isBlank()) {
      throw new UsageException("no place for the audit log: set --audit-log, BULWARK_STATE_DIR or HOME");
    }
    return Path.of(home, ".local", "state", "bulwark");
  }

  /** Prints the built-in policy when asked to; true when that was the whole job. */
  boolean printedDefaultPolicy(PrintWriter out) {
    if (printDefaultPolicy) {
      out.print(PolicyFile.defaultText());
      out.flush();
    }
    return printDefaultPolicy;
  }

  /** Serves until the process is told to stop (SIGTERM, SIGINT), then closes {@code running}. */
  static int serveUntilStopped(AutoCloseable running, PrintWriter err, String banner) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception ignored) {
        // the process is exiting; there is no one left to tell
      }
      stop.countDown();
    }));
    err.println(banner);
    err.flush();
    stop.await();
    return 0;
  }
}
