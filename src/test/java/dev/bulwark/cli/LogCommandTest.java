package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.enforce.log.AuditEvent;
import dev.bulwark.enforce.log.AuditLog;
import dev.bulwark.enforce.log.AuditLogOptions;
import dev.bulwark.enforce.log.LogKeys;
import dev.bulwark.testing.TickingClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bulwark log verify} on a committed log (src/test/resources/enforce/log/v1: two files written
 * by AuditLog, and the public key), intact and tampered with.
 */
class LogCommandTest {
  static final Path FIXTURE = Path.of("src/test/resources/enforce/log/v1");

  @TempDir Path temp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** Runs {@code bulwark ...} with the log command registered as BulwarkCommand will register it. */
  int run(String... args) {
    CommandLine commandLine = Main.commandLine(Map.of());
    if (!commandLine.getSubcommands().containsKey("log")) {
      commandLine.addSubcommand(LogCommand.class);
    }
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(LogCommandTest.class.getResource("/enforce/log/v1/" + name).toURI());
  }

  /** A copy of the fixture log to tamper with. */
  Path copy() throws Exception {
    Path directory = temp.resolve("log");
    Files.createDirectories(directory);
    try (Stream<Path> files = Files.list(fixture("audit.log").getParent())) {
      for (Path file : files.toList()) {
        Files.copy(file, directory.resolve(file.getFileName()));
      }
    }
    return directory;
  }

  @Nested
  class Intact {
    @Test
    void aDirectoryVerifiesWithTheSummaryExpected() throws Exception {
      Path directory = fixture("audit.log").getParent();
      assertThat(run("log", "verify", directory.toString(), "--public-key", fixture("audit-signing-key.pub.pem")
          .toString())).isZero();
      assertThat(out.toString().replace(directory + "/", "")).isEqualTo(Files.readString(fixture("expected.txt")));
      assertThat(err.toString()).isEmpty();
    }

    @Test
    void filesGivenOneByOneVerifyAlike() throws Exception {
      assertThat(run("log", "verify", fixture("audit.log.000000000000").toString(), fixture("audit.log").toString(),
          "--public-key", fixture("audit-signing-key.pub.pem").toString())).isZero();
      assertThat(out.toString()).startsWith("audit log intact: 2 file(s), 13 records, seq 0–12\n");
    }

    @Test
    void withoutAKeyTheSummarySaysSignaturesWereNotChecked() throws Exception {
      assertThat(run("log", "verify", fixture("audit.log").getParent().toString())).isZero();
      assertThat(out.toString()).contains("signatures NOT checked (no --public-key)");
    }

    @Test
    void anAnchorFromTheLogIsFound() throws Exception {
      String last = Files.readAllLines(fixture("audit.log")).getLast();
      String hash = last.substring(last.length() - 66, last.length() - 2);
      assertThat(run("log", "verify", fixture("audit.log").getParent().toString(), "--anchor", "12:" + hash)).isZero();
    }
  }

  @Nested
  class Damaged {
    @Test
    void anEditedEntryExitsThreeNamingTheLine() throws Exception {
      Path directory = copy();
      Path file = directory.resolve("audit.log.000000000000");
      List<String> lines = Files.readAllLines(file);
      lines.set(2, lines.get(2).replace("\"decision\":\"deny\"", "\"decision\":\"allow\""));
      Files.write(file, lines);
      assertThat(run("log", "verify", directory.toString(), "--public-key", directory.resolve(
          "audit-signing-key.pub.pem").toString())).isEqualTo(3);
      assertThat(err.toString()).isEqualTo("bulwark: error: audit log not intact: " + file
          + ": line 3 (seq 2): edited: hash mismatch\n");
      assertThat(out.toString()).isEmpty();
    }

    @Test
    void aLogWithoutItsOlderFilesVerifiesAndSaysWhereItStarts() throws Exception {
      Path directory = copy();
      Files.delete(directory.resolve("audit.log.000000000000"));
      assertThat(run("log", "verify", directory.toString())).isZero();
      assertThat(out.toString()).contains("starts:      mid-chain, continuing from audit.log.000000000000 (not given)");
    }

    @Test
    void aTornLastLineExitsThree() throws Exception {
      Path directory = copy();
      Files.writeString(directory.resolve("audit.log"), "{\"seq\":13,\"type\":\"en",
          java.nio.file.StandardOpenOption.APPEND);
      assertThat(run("log", "verify", directory.toString())).isEqualTo(3);
      assertThat(err.toString()).isEqualTo("bulwark: error: audit log not intact: " + directory.resolve("audit.log")
          + ": line 5: torn: the last line is incomplete (20 bytes, no newline): a write was interrupted\n");
    }

    @Test
    void anotherKeyExitsThree() throws Exception {
      Path other = temp.resolve("other.pem");
      LogKeys.loadOrCreate(other);
      assertThat(run("log", "verify", fixture("audit.log").getParent().toString(), "--public-key",
          LogKeys.publicKeyFile(other).toString())).isEqualTo(3);
      assertThat(err.toString()).contains("header at line 1 (seq 0): bad signature: signed by key ");
    }
  }

  @Nested
  class Usage {
    @Test
    void aMissingFileExitsThree() {
      assertThat(run("log", "verify", temp.resolve("nope.log").toString())).isEqualTo(3);
      assertThat(err.toString()).isEqualTo("bulwark: error: " + temp.resolve("nope.log") + ": no such file\n");
    }

    @Test
    void aMalformedAnchorExitsTwo() throws Exception {
      assertThat(run("log", "verify", fixture("audit.log").toString(), "--anchor", "x")).isEqualTo(2);
      assertThat(err.toString()).contains("--anchor x: expected SEQ:HASH");
    }

    @Test
    void noFileIsAUsageError() {
      assertThat(run("log", "verify")).isEqualTo(2);
    }

    @Test
    void logAloneShowsItsSubcommands() {
      assertThat(run("log")).isZero();
      assertThat(out.toString()).contains("verify");
    }
  }

  /** Rewrites the fixture: {@code mvn test -Dtest=LogCommandTest -Dbulwark.updateGolden=true}. */
  @Test
  @EnabledIfSystemProperty(named = "bulwark.updateGolden", matches = "true")
  void regenerateFixture() throws IOException {
    try (Stream<Path> old = Files.list(FIXTURE)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    Path key = temp.resolve("keys/audit-signing-key.pem");
    Clock clock = new TickingClock(Instant.parse("2026-03-01T09:30:00.000000567Z"), Duration.ofMillis(1234));
    AuditLogOptions options = AuditLogOptions.defaults(FIXTURE.resolve("audit.log"), key)
        .withCheckpoints(4, Duration.ofHours(1)).withMaxFileBytes(AuditLogOptions.MIN_FILE_BYTES).withClock(clock);
    try (AuditLog log = AuditLog.open(options)) {
      log.append(new AuditEvent("alice", "TLS", "POST", "/v1.47/containers/create?name=web", "container.create",
          "image=nginx:1.27 user=101 caps=-ALL readonly=true", "", true, List.of(), "", List.of(),
          Map.of("image", "nginx:1.27")));
      log.append(new AuditEvent("mallory", "TLS", "POST", "/v1.47/containers/create", "container.create",
          "image=alpine:3.20 privileged=true", "", false, List.of("docker.privileged"),
          "denied by docker.privileged: a privileged container is root on the host. Fix: drop --privileged and add"
              + " only the capabilities it needs (--cap-add).", List.of(), Map.of("image", "alpine:3.20")));
      log.append(new AuditEvent("mallory", "TLS", "POST", "/v1.47/containers/create", "container.create", "",
          "empty body (Content-Length: 0)", false, List.of("guard.uninspectable"),
          "denied: the request body could not be inspected (empty body). Send the container config in the body.",
          List.of(), Map.of()));
      log.append(new AuditEvent("", "", "GET", "/v1.47/containers/json", "other", "", "", true, List.of(), "",
          List.of(), Map.of()));
      log.append(new AuditEvent("bob", "TLS", "POST", "/v1.47/containers/c0ffee/exec", "exec.create",
          "container=c0ffee user=0 privileged=false", "", true, List.of(), "",
          List.of("exec.root: exec as root (user 0) in a hardened container"), Map.of()));
      log.append(new AuditEvent("system:serviceaccount:ci:deployer", "kubernetes", "CREATE",
          "/apis/apps/v1/namespaces/ci/deployments/api", "kubernetes.admit",
          "Deployment ci/api image=registry.example/api:2.1 hostPID=true", "", false, List.of("k8s.host-pid"),
          "denied by k8s.host-pid: hostPID shares the node's process namespace. Fix: remove spec.hostPID.",
          List.of(), Map.of("uid", "7f9c2ba4-e88f-11e8-9f32-f2801f1b9fd1")));
      log.append(new AuditEvent("alice", "TLS", "POST", "/v1.47/images/create?fromImage=evil.example/x",
          "image.pull", "image=evil.example/x:latest", "", false, List.of("registry.allow-list"),
          "denied by registry.allow-list: evil.example is not an allowed registry. Fix: pull from registry.example.",
          List.of(), Map.of()));
      log.append(new AuditEvent("alice", "TLS", "POST", "/v1.47/containers/create?name=db", "container.create",
          "image=postgres:16 memory=0 pids=0", "", true, List.of(), "",
          List.of("docker.limits: no memory or pids limit (warn mode)"), Map.of("image", "postgres:16")));
    }
    Files.delete(FIXTURE.resolve("audit.log.lock"));
    Files.copy(LogKeys.publicKeyFile(key), FIXTURE.resolve("audit-signing-key.pub.pem"));
    assertThat(run("log", "verify", FIXTURE.toString(), "--public-key",
        FIXTURE.resolve("audit-signing-key.pub.pem").toString())).isZero();
    Files.writeString(FIXTURE.resolve("expected.txt"), out.toString().replace(FIXTURE + "/", ""));
  }
}
