package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.UsageException;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.rule.TestSubjects;
import dev.bulwark.audit.source.AuditContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditCommandTest {
  @TempDir Path temp;

  /** Targets name test subjects: "privileged" and "hardened" containers. */
  private static final BiFunction<String, AuditContext, List<Subject>> SOURCES = (target, context) -> switch (target) {
    case "privileged" -> List.of(TestSubjects.containerSubject("web", TestSubjects.container(Map.of("privileged", true)),
        Optional.empty()));
    case "big" -> List.of(TestSubjects.containerSubject("big", TestSubjects.container(Map.of(
        "uid", 1000, "user", "1000", "noNewPrivileges", true, "readOnlyRootFilesystem", true,
        "capabilities", Map.of("add", List.of(), "drop", List.of("ALL"), "effective", List.of()),
        "resources", Map.of("memoryBytes", 8L << 30, "cpus", 1.0, "pidsLimit", 100, "ulimits", List.of()),
        "healthcheck", Map.of("test", List.of("CMD", "true"), "disabled", false), "image", "app:1.0",
        "apparmor", "docker-default")), Optional.empty()));
    default -> throw new UsageException("'" + target + "' is not something Bulwark can audit");
  };

  private int run(String... args) {
    Map<String, String> environment = Map.of("HOME", temp.toString());
    CommandLine commandLine = Main.commandLine(environment);
    CommandLine audit = new CommandLine(new AuditCommand(environment, SOURCES), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == ImageOptions.class) {
          return type.cast(new ImageOptions(environment));
        }
        if (type == RenderOptions.class) {
          return type.cast(new RenderOptions(environment));
        }
        return CommandLine.defaultFactory().create(type);
      }
    });
    audit.setExecutionExceptionHandler(commandLine.getExecutionExceptionHandler());
    audit.setParameterExceptionHandler(commandLine.getParameterExceptionHandler());
    return audit.execute(args);
  }

  @Nested
  class ExitCodes {
    @Test
    void failOnDecidesTheExitCode() {
      assertThat(run("--fail-on", "critical", "-o", temp.resolve("a.txt").toString(), "privileged")).isEqualTo(1);
      assertThat(run("--fail-on", "critical", "-o", temp.resolve("b.txt").toString(), "big")).isZero();
      assertThat(run("-o", temp.resolve("c.txt").toString(), "privileged")).isZero();
    }

    @Test
    void usageErrorsExitTwo() {
      assertThat(run("--fail-on", "urgent", "privileged")).isEqualTo(2);
      assertThat(run("--framework", "sox", "privileged")).isEqualTo(2);
      assertThat(run("--lang", "fr", "privileged")).isEqualTo(2);
      assertThat(run("--format", "pdf", "privileged")).isEqualTo(2);
      assertThat(run("nonsense")).isEqualTo(2);
      assertThat(run()).isEqualTo(2);
    }

    @Test
    void aBrokenRuleFileExitsThree() throws IOException {
      Path rules = Files.createDirectories(temp.resolve("rules"));
      Files.writeString(rules.resolve("bad.yaml"), "id: bad-rule\nscope: cluster\n");
      assertThat(run("--rules", rules.toString(), "privileged")).isEqualTo(3);
    }
  }

  @Test
  void aUserRuleFromRulesDirectoryFindsAndFails() throws IOException {
    Path out = temp.resolve("report.json");
    assertThat(run("--rules", "src/test/resources/audit/rule/custom", "--fail-on", "low", "-f", "json",
        "-o", out.toString(), "big")).isEqualTo(1);
    assertThat(Files.readString(out)).contains("acme-memory-cap").contains("\"value\" : \"8589934592\"");
  }

  @Test
  void frameworkReportsInEveryFormatAndLanguage() throws IOException {
    for (String format : List.of("table", "json", "sarif", "html")) {
      Path out = temp.resolve("report." + format);
      assertThat(run("--framework", "cis-docker-1.6", "--framework", "mlps-2.0-level3", "--lang", "zh-CN",
          "--timestamp", "2026-01-02T03:04:05Z", "-f", format, "-o", out.toString(), "privileged", "big")).isZero();
      assertThat(Files.readString(out)).contains("容器以特权模式运行");
    }
    assertThat(Files.readString(temp.resolve("report.html"))).contains("8.1.4.2").contains("5.4");
  }
}
