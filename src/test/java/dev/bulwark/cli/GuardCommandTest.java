package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.enforce.docker.RawHttp;
import dev.bulwark.enforce.log.Durability;
import dev.bulwark.io.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GuardCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @org.junit.jupiter.api.io.TempDir Path home;

  /** {@code bulwark guard ARGS} through Main's triage, with guard registered as the lead will register it. */
  private int run(String... args) {
    CommandLine bulwark = Main.commandLine(Map.of("HOME", home.toString()));
    bulwark.setOut(new PrintWriter(out, true));
    bulwark.setErr(new PrintWriter(err, true));
    bulwark.getSubcommands().get("guard").getSubcommands().values().forEach(c -> {
      c.setOut(new PrintWriter(out, true));
      c.setErr(new PrintWriter(err, true));
      c.setExecutionExceptionHandler(bulwark.getExecutionExceptionHandler());
    });
    String[] full = new String[args.length + 1];
    full[0] = "guard";
    System.arraycopy(args, 0, full, 1, args.length);
    return bulwark.execute(full);
  }

  @Test
  void listsBothGuards() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("docker", "kubernetes");
  }

  @Nested
  class Kubernetes {
    @Test
    void printsTheWebhookConfiguration() throws Exception {
      Path ca = Path.of(getClass().getResource("/enforce/kubernetes/tls/ca.pem").toURI());
      assertThat(run("kubernetes", "--print-webhook-config", "--service", "guard", "--namespace", "sec",
          "--ca-bundle", ca.toString())).isZero();
      JsonNode config = new YAMLMapper().readTree(out.toString());
      assertThat(config.path("kind").asText()).isEqualTo("ValidatingWebhookConfiguration");
      assertThat(config.path("webhooks").get(0).path("clientConfig").path("service").path("name").asText())
          .isEqualTo("guard");
    }

    @Test
    void needsACertificateAndKey() {
      assertThat(run("kubernetes")).isEqualTo(2);
      assertThat(err.toString()).contains("--tls-cert and --tls-key are required");
    }

    @Test
    void refusesAMalformedListenAddress() {
      assertThat(run("kubernetes", "--tls-cert", "a", "--tls-key", "b", "--listen", "nowhere")).isIn(2, 3);
    }
  }

  @Nested
  class Docker {
    @Test
    void startsThePluginAndWritesItsSpec() throws Exception {
      Path dir = Files.createTempDirectory(Path.of("/tmp"), "bulwark-cli");
      try {
        GuardDockerCommand command = new GuardDockerCommand();
        new CommandLine(command, Main.factory(Map.of("HOME", dir.toString()))).parseArgs("--socket", dir.resolve("g.sock").toString(), "--name", "bulwark-cli",
            "--plugin-spec-dir", dir.resolve("plugins").toString(), "--audit-log", dir.resolve("audit.log").toString());
        try (GuardDockerCommand.Running _ = command.start()) {
          assertThat(Files.readString(dir.resolve("plugins/bulwark-cli.spec"))).isEqualTo("unix://" + dir.resolve("g.sock")
              + "\n");
          try (RawHttp http = new RawHttp(dir.resolve("g.sock"))) {
            assertThat(http.post("/Plugin.Activate", new byte[0]).body()).contains("authz");
            RawHttp.Response answer = http.post("/AuthZPlugin.AuthZReq", ("{\"RequestMethod\":\"POST\","
                + "\"RequestUri\":\"/v1.41/containers/create\"}").getBytes());
            assertThat(Json.mapper().readTree(answer.body()).path("Allow").asBoolean()).isFalse();
          }
        }
        assertThat(dir.resolve("plugins/bulwark-cli.spec")).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("audit.log")))
            .anySatisfy(line -> assertThat(line).contains("\"action\":\"container.create\"", "\"decision\":\"deny\"",
                "guard-uninspectable"));
        assertThat(Main.run(new String[] {"log", "verify", dir.resolve("audit.log").toString(), "--public-key",
            dir.resolve("keys/audit-signing.pub.pem").toString()}, Map.of())).isZero();
      } finally {
        dev.bulwark.testing.Tools.deleteTree(dir);
      }
    }

    @Test
    void withWriteDurabilityTheDecisionIsInTheFileWhenTheAnswerArrives() throws Exception {
      Path dir = Files.createTempDirectory(Path.of("/tmp"), "bulwark-cli");
      try {
        GuardDockerCommand command = new GuardDockerCommand();
        new CommandLine(command, Main.factory(Map.of("HOME", dir.toString()))).parseArgs("--socket",
            dir.resolve("g.sock").toString(), "--plugin-spec-dir", dir.resolve("plugins").toString(),
            "--audit-log", dir.resolve("audit.log").toString(), "--audit-durability", "write");
        assertThat(command.options.durability()).isEqualTo(Durability.WRITE);
        try (GuardDockerCommand.Running _ = command.start(); RawHttp http = new RawHttp(dir.resolve("g.sock"))) {
          http.post("/AuthZPlugin.AuthZReq", "{\"RequestMethod\":\"GET\",\"RequestUri\":\"/_ping\"}".getBytes());
          // read while the guard still runs: nothing has been closed or synced at exit yet
          assertThat(Files.readAllLines(dir.resolve("audit.log")))
              .anySatisfy(line -> assertThat(line).contains("\"decision\":\"allow\"", "/_ping"));
        }
      } finally {
        dev.bulwark.testing.Tools.deleteTree(dir);
      }
    }

    @Test
    void syncsEveryDecisionUnlessToldOtherwise() {
      GuardDockerCommand command = new GuardDockerCommand();
      new CommandLine(command, Main.factory(Map.of("HOME", home.toString()))).parseArgs();
      assertThat(command.options.durability()).isEqualTo(Durability.FSYNC);
    }

    @Test
    void refusesAnUnknownDurability() {
      assertThat(run("docker", "--audit-durability", "sometimes", "--socket", "/tmp/none.sock",
          "--audit-log", home.resolve("a.log").toString())).isEqualTo(2);
      assertThat(err.toString()).contains("--audit-durability must be fsync or write");
    }

    @Test
    void refusesAPolicyFileThatCannotBeRead() {
      assertThat(run("docker", "--policy", "/no/such/policy.yaml", "--socket", "/tmp/none.sock")).isEqualTo(3);
      assertThat(err.toString()).contains("policy.yaml");
    }

    @Test
    void printsTheBuiltInPolicy() {
      assertThat(run("docker", "--print-default-policy")).isZero();
      assertThat(out.toString()).contains("container-privileged: enforce", "default: warn");
    }

    @Test
    void refusesABadPluginName() {
      assertThat(run("docker", "--name", "../etc", "--socket", "/tmp/none.sock")).isEqualTo(2);
    }
  }
}
