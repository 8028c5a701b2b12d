package dev.bulwark.enforce.docker;

import java.util.stream.Collectors;
import dev.bulwark.vuln.db.SqliteAdvisoryStore;
import dev.bulwark.vuln.db.DbProgress;
import dev.bulwark.vuln.db.AdvisoryImporter;
import dev.bulwark.vuln.cvss.Rating;
import dev.bulwark.io.Limits;
import dev.bulwark.inventory.Progress;
import dev.bulwark.inventory.InventoryService;
import dev.bulwark.inventory.Analyzers;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.image.ImageSources;
import dev.bulwark.image.ImageRef;
import dev.bulwark.audit.rule.RuleLoader;
import dev.bulwark.audit.rule.RuleLanguage;
import dev.bulwark.audit.rule.CompiledRule;
import dev.bulwark.enforce.policy.PolicyFile;
import dev.bulwark.enforce.policy.ImageGate;
import dev.bulwark.enforce.policy.GuardPolicy;
import dev.bulwark.enforce.log.AuditLogSink;
import dev.bulwark.enforce.log.AuditLogOptions;
import dev.bulwark.enforce.log.AuditLog;
import dev.bulwark.cli.Main;
import dev.bulwark.enforce.policy.RuleDecider;
import dev.bulwark.enforce.Guard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.enforce.Decision;
import dev.bulwark.enforce.GuardRequest;
import dev.bulwark.testing.DockerHarness;
import dev.bulwark.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real dockerd (Debian's docker.io) started with {@code --authorization-plugin} pointing at the
 * guard, driven by the real docker CLI and by raw requests on its socket.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthzPluginSystemTest {
  static final String IMAGE = "bulwark/sleeper:1";
  /** The same program beside a node_modules tree holding minimist 1.2.5 (GHSA-xvch-5gv4-984h, critical). */
  static final String VULNERABLE = "bulwark/sleeper-with-minimist:1";
  static final List<String> HARDENED = List.of("--network", "none", "--read-only", "--cap-drop", "ALL",
      "--security-opt", "no-new-privileges", "--pids-limit", "64", "-m", "64m", "--user", "1000:1000");

  private final String name = "bulwark-test-" + ProcessHandle.current().pid();
  private final List<Recorded> recorded = new CopyOnWriteArrayList<>();
  private Path work;
  private UnixHttpServer server;
  private PluginSpec spec;
  private DockerHarness engine;
  private AuditLog auditLog;
  private SqliteAdvisoryStore advisories;

  record Recorded(GuardRequest request, Decision decision) {}

  @BeforeAll
  void setUp() throws Exception {
    Tools.assumeTools("dockerd", "docker", "go");
    Tools.assumeRoot();
    work = Files.createTempDirectory(Path.of("/tmp"), "bulwark-guard");
    Path engineDir = Path.of("/tmp").resolve("bulwark-dockerd-" + ProcessHandle.current().pid());
    // the real log, written before each answer, and the image gate scanning images from this Engine
    auditLog = AuditLog.open(AuditLogOptions.defaults(work.resolve("log/audit.log"), work.resolve("keys/signing.pem")));
    AuditLogSink sink = new AuditLogSink(auditLog);
    AdvisoryImporter.importPaths(work.resolve("advisories.db"), List.of(Path.of("examples/advisories")),
        Clock.systemUTC(), DbProgress.NONE);
    advisories = SqliteAdvisoryStore.open(work.resolve("advisories.db"));
    SourceOptions sources = SourceOptions.defaults(Map.of("DOCKER_HOST", "unix://" + engineDir.resolve("docker.sock")));
    ImageGate gate = new ImageGate(Rating.CRITICAL, false,
        image -> ImageSources.open(new ImageRef.DockerDaemon(image), sources),
        new InventoryService(Analyzers.all(), Optional.empty(), Limits.DEFAULT, Progress.NONE), advisories,
        Clock.systemUTC());
    List<CompiledRule> catalog = new RuleLoader(new RuleLanguage()).load(List.of());
    GuardPolicy policy = PolicyFile.defaults(catalog.stream().map(r -> r.rule().id()).collect(Collectors.toSet()));
    Guard guard = new Guard(new RuleDecider(catalog, policy, Set.of(), Optional.of(gate)),
        (request, decision, dryRun) -> {
          sink.append(request, decision, dryRun);
          recorded.add(new Recorded(request, decision));
        });
    AuthzPlugin plugin = new AuthzPlugin(new AuthzTranslator(new InspectContainerMapper(), Clock.systemUTC()), guard);
    server = UnixHttpServer.start(work.resolve("plugin.sock"), 4, plugin);
    spec = PluginSpec.write(PluginSpec.DEFAULT_SPEC_DIR, name, server.socket());
    engine = DockerHarness.start(engineDir, List.of("--authorization-plugin=" + name));
    engine.docker("import", buildImage().toString(), IMAGE);
    engine.docker("import", vulnerableImage().toString(), VULNERABLE);
  }

  @AfterAll
  void tearDown() throws IOException {
    if (engine != null) {
      try {
        engine.docker("rm", "-f", "hardened");
      } catch (AssertionError ignored) {
        // not created
      }
      engine.close();
    }
    if (spec != null) {
      spec.close();
    }
    if (server != null) {
      server.close();
    }
    if (auditLog != null) {
      auditLog.close();
    }
    if (advisories != null) {
      advisories.close();
    }
    Tools.deleteTree(work);
  }

  /** A one-file image: a static Go program that sleeps, or prints its uid and exits when given an argument. */
  private Path buildImage() throws IOException, InterruptedException {
    Path src = work.resolve("src");
    Files.createDirectories(src);
    try (var in = getClass().getResourceAsStream("/enforce/docker/sleeper/main.go")) {
      Files.copy(in, src.resolve("main.go"));
    }
    Path root = Files.createDirectories(work.resolve("root"));
    ProcessBuilder go = new ProcessBuilder("go", "build", "-o", root.resolve("sleeper").toString(), "main.go")
        .directory(src.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("go.log").toFile());
    go.environment().putAll(Map.of("CGO_ENABLED", "0", "HOME", work.toString(), "GOCACHE",
        work.resolve("gocache").toString(), "GOPATH", work.resolve("gopath").toString(), "GOFLAGS", "-mod=mod",
        "GO111MODULE", "off"));
    Process process = go.start();
    if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new AssertionError("go build failed:\n" + Files.readString(work.resolve("go.log")));
    }
    Path tar = work.resolve("image.tar");
    Tools.run(Duration.ofMinutes(1), work, "tar", "--numeric-owner", "--owner=0", "--group=0", "-C", root.toString(),
        "-cf", tar.toString(), ".");
    return tar;
  }

  private Path vulnerableImage() throws IOException {
    Path root = work.resolve("root");
    Path manifest = root.resolve("app/node_modules/minimist/package.json");
    Files.createDirectories(manifest.getParent());
    Files.writeString(manifest, "{\"name\":\"minimist\",\"version\":\"1.2.5\",\"license\":\"MIT\"}");
    Path tar = work.resolve("vulnerable.tar");
    Tools.run(Duration.ofMinutes(1), work, "tar", "--numeric-owner", "--owner=0", "--group=0", "-C", root.toString(),
        "-cf", tar.toString(), ".");
    return tar;
  }

  private String run(List<String> flags, String... rest) {
    List<String> args = new java.util.ArrayList<>(List.of("run"));
    args.addAll(flags);
    args.add(IMAGE);
    args.addAll(List.of(rest));
    return engine.docker(args.toArray(String[]::new));
  }

  private static List<String> hardenedWith(String... extra) {
    List<String> flags = new java.util.ArrayList<>(HARDENED);
    flags.addAll(List.of(extra));
    return flags;
  }

  private void assertDenied(Runnable command, String... expected) {
    assertThatThrownBy(command::run).isInstanceOf(AssertionError.class)
        .hasMessageContaining("authorization denied by plugin " + name)
        .hasMessageContainingAll(expected);
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class TheDockerCli {
    @Test
    void runsAHardenedContainer() {
      assertThat(run(hardenedWith("--rm"), "/sleeper", "id")).contains("uid=1000");
      assertThat(recorded).anySatisfy(r -> {
        assertThat(r.request().action()).isEqualTo("container.create");
        assertThat(r.decision().allowed()).isTrue();
        assertThat(r.request().summary()).contains("image=" + IMAGE, "memory=67108864", "pids=64");
      });
    }

    @Test
    void cannotAddSysAdmin() {
      assertDenied(() -> run(hardenedWith("--cap-add", "SYS_ADMIN"), "/sleeper"), "[container-dangerous-capabilities]",
          "SYS_ADMIN", "HostConfig.CapAdd", "Fix: Remove these capabilities");
    }

    @Test
    void cannotMountTheHostRoot() {
      assertDenied(() -> run(hardenedWith("-v", "/:/host"), "/sleeper"), "[container-sensitive-host-mount]");
    }

    @Test
    void cannotMountTheDockerSocket() {
      assertDenied(() -> run(hardenedWith("-v", engine.socket() + ":/var/run/docker.sock"), "/sleeper"),
          "[container-docker-socket-mounted]");
    }

    @Test
    void cannotShareTheHostPidNamespace() {
      assertDenied(() -> run(hardenedWith("--pid", "host"), "/sleeper"), "[container-host-pid]");
    }

    @Test
    void cannotRunPrivileged() {
      assertDenied(() -> run(hardenedWith("--privileged"), "/sleeper"), "[container-privileged]",
          "HostConfig.Privileged", "Fix: Remove --privileged");
    }

    @Test
    void cannotRunWithoutLimits() {
      assertDenied(() -> run(List.of("--network", "none"), "/sleeper"), "[container-no-memory-limit]",
          "[container-no-pids-limit]");
    }

    @Test
    void execIsJudgedByPolicy() {
      engine.docker(hardenedRunDetached());
      assertThat(engine.docker("exec", "hardened", "/sleeper", "id")).contains("uid=1000");
      assertDenied(() -> engine.docker("exec", "--privileged", "hardened", "/sleeper", "id"),
          "[exec-privileged]");
      assertDenied(() -> engine.docker("exec", "-u", "0", "hardened", "/sleeper", "id"), "[exec-as-root]");
      assertThat(recorded).anySatisfy(r -> {
        assertThat(r.request().action()).isEqualTo("exec.create");
        assertThat(r.request().attributes()).containsEntry("exec.user", "0");
      });
    }

    private String[] hardenedRunDetached() {
      List<String> args = new java.util.ArrayList<>(List.of("run", "-d", "--name", "hardened"));
      args.addAll(HARDENED);
      args.add(IMAGE);
      args.add("/sleeper");
      return args.toArray(String[]::new);
    }
  }

  @Nested
  class ImageGateAndLog {
    @Test
    void anImageWithACriticalFindingIsRefused() {
      assertDenied(() -> engine.docker(hardenedRun(VULNERABLE)), "[image-vulnerable]", "GHSA-xvch-5gv4-984h",
          "minimist 1.2.5");
      assertThat(engine.docker(hardenedRun(IMAGE))).contains("uid=1000");
    }

    @Test
    void theAuditLogVerifiesAndAnEditIsCaught() throws IOException {
      engine.docker(hardenedRun(IMAGE));
      assertDenied(() -> engine.docker(hardenedRun(VULNERABLE)), "[image-vulnerable]");
      auditLog.checkpoint();
      Path log = work.resolve("log/audit.log");
      Path key = work.resolve("keys/signing.pub.pem");
      assertThat(Main.run(new String[] {"log", "verify", log.toString(), "--public-key", key.toString()}, Map.of()))
          .isZero();
      Path copy = work.resolve("edited.log");
      List<String> lines = new java.util.ArrayList<>(Files.readAllLines(log));
      int denied = java.util.stream.IntStream.range(0, lines.size())
          .filter(i -> lines.get(i).contains("\"decision\":\"deny\"")).findFirst().orElseThrow();
      lines.set(denied, lines.get(denied).replace("\"decision\":\"deny\"", "\"decision\":\"allow\""));
      Files.write(copy, lines);
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      java.io.PrintStream saved = System.err;
      System.setErr(new java.io.PrintStream(err, true));
      try {
        assertThat(Main.run(new String[] {"log", "verify", copy.toString(), "--public-key", key.toString()}, Map.of()))
            .isEqualTo(3);
      } finally {
        System.setErr(saved);
      }
      assertThat(err.toString()).contains("line " + (denied + 1), "edited");
    }

    private String[] hardenedRun(String image) {
      List<String> args = new java.util.ArrayList<>(List.of("run", "--rm"));
      args.addAll(HARDENED);
      args.addAll(List.of(image, "/sleeper", "id"));
      return args.toArray(String[]::new);
    }
  }

  @Nested
  class RawRequests {
    private static final String LIMITS = "\"Memory\":67108864,\"PidsLimit\":64,\"NetworkMode\":\"none\"";

    private RawHttp.Response post(String head, String body) throws IOException {
      try (RawHttp http = new RawHttp(engine.socket())) {
        return http.send(head.getBytes(StandardCharsets.US_ASCII), body.getBytes(StandardCharsets.UTF_8));
      }
    }

    private RawHttp.Response create(String body) throws IOException {
      return post("POST /v1.41/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n", body);
    }

    @Test
    void aCorrectRawRequestIsAllowed() throws IOException {
      RawHttp.Response response = create("{\"Image\":\"" + IMAGE + "\",\"Cmd\":[\"/sleeper\"],\"HostConfig\":{"
          + LIMITS + "}}");
      assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    @Test
    void anEmptyBodyIsDenied() throws IOException {
      RawHttp.Response response = create("");
      assertThat(response.status()).isEqualTo(403);
      assertThat(response.body()).contains("guard-uninspectable", "CVE-2024-41110");
    }

    @Test
    void aChunkedBodyBehindContentLengthZeroIsDenied() throws IOException {
      String body = "{\"Image\":\"" + IMAGE + "\",\"HostConfig\":{\"Privileged\":true," + LIMITS + "}}";
      String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
      RawHttp.Response response = post("POST /v1.41/containers/create HTTP/1.1\r\nHost: docker\r\n"
          + "Content-Type: application/json\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n", chunked);
      assertThat(response.status()).as(response.body()).isIn(400, 403);
      if (response.status() == 403) {
        assertThat(response.body()).containsAnyOf("guard-uninspectable", "container-privileged");
      }
    }

    @Test
    void aBodyNotMarkedAsJsonIsDenied() throws IOException {
      String body = "{\"Image\":\"" + IMAGE + "\",\"HostConfig\":{\"Privileged\":true," + LIMITS + "}}";
      RawHttp.Response response = post("POST /v1.41/containers/create HTTP/1.1\r\nHost: docker\r\n"
          + "Content-Type: application/json; charset=utf-8\r\nContent-Length: " + body.length() + "\r\n\r\n", body);
      // Engines that compare Content-Type exactly do not forward the body; Debian's parses it and does.
      assertThat(response.status()).isEqualTo(403);
      assertThat(response.body()).containsAnyOf("did not forward", "container-privileged");
    }

    @Test
    void anOversizedBodyIsDenied() throws IOException {
      String padding = " ".repeat(1 << 20);
      RawHttp.Response response = create("{\"Image\":\"" + IMAGE + "\",\"HostConfig\":{\"Privileged\":true," + LIMITS
          + "}}" + padding);
      assertThat(response.status()).isEqualTo(403);
      assertThat(response.body()).contains("CVE-2026-34040");
    }

    @Test
    void privilegedSpelledInLowerCaseIsDenied() throws IOException {
      RawHttp.Response response = create("{\"image\":\"" + IMAGE + "\",\"hostconfig\":{\"privileged\":true,"
          + "\"memory\":67108864,\"pidslimit\":64,\"networkmode\":\"none\"}}");
      assertThat(response.status()).isEqualTo(403);
      assertThat(response.body()).contains("container-privileged");
    }

    @Test
    void aRepeatedKeyIsDenied() throws IOException {
      RawHttp.Response response = create("{\"Image\":\"" + IMAGE + "\",\"HostConfig\":{\"Privileged\":true,"
          + "\"Privil\\u0065ged\":false," + LIMITS + "}}");
      assertThat(response.status()).isEqualTo(403);
      assertThat(response.body()).contains("more than once");
    }

    @Test
    void topLevelHostConfigFieldsAreDenied() throws IOException {
      RawHttp.Response response = create("{\"Image\":\"" + IMAGE + "\",\"Privileged\":true,\"HostConfig\":{"
          + LIMITS + "}}");
      assertThat(response.status()).isEqualTo(403);
      assertThat(response.body()).contains("top level");
    }
  }
}
