package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VersionCompareCommandTest {
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final StringWriter stderr = new StringWriter();

  /** Runs {@code bulwark version-compare ARGS} through Main's error triage, with {@code input} as stdin. */
  private int run(String input, String... args) {
    CommandLine bulwark = Main.commandLine(Map.of());
    // The registered command reads System.in; this one reads the test's input instead.
    if (bulwark.getSubcommands().containsKey("version-compare")) {
      bulwark.getCommandSpec().removeSubcommand("version-compare");
    }
    bulwark.addSubcommand(new VersionCompareCommand(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), stdout));
    bulwark.setErr(new PrintWriter(stderr, true));
    bulwark.getSubcommands().get("version-compare").setErr(new PrintWriter(stderr, true));
    String[] full = new String[args.length + 1];
    full[0] = "version-compare";
    System.arraycopy(args, 0, full, 1, args.length);
    return bulwark.execute(full);
  }

  private String out() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  @Nested
  class TwoVersions {
    @Test
    void printsMinusOneZeroOrOne() {
      assertThat(run("", "dpkg", "1.0~rc1", "1.0")).isZero();
      assertThat(out()).isEqualTo("-1\n");
      stdout.reset();
      assertThat(run("", "rpm", "1:1.0", "2.0")).isZero();
      assertThat(out()).isEqualTo("1\n");
      stdout.reset();
      assertThat(run("", "maven", "1.0", "1.0.0-ga")).isZero();
      assertThat(out()).isEqualTo("0\n");
    }

    @Test
    void versionsStartingWithAHyphenFollowADoubleDash() {
      assertThat(run("", "maven", "--", "-1", "-2")).isZero();
      assertThat(out()).isEqualTo("-1\n"); // as ComparableVersion orders them
    }

    @Test
    void acceptsOsvEcosystemNamesAndAliases() {
      assertThat(run("", "Debian:12", "1:0.9", "2.0")).isZero();
      assertThat(run("", "pep440", "1.0rc1", "1.0")).isZero();
      assertThat(run("", "crates.io", "1.0.0", "1.0.0-alpha")).isZero();
      assertThat(out()).isEqualTo("1\n-1\n1\n");
    }
  }

  @Nested
  class Stdin {
    @Test
    void comparesEachLineInOrder() {
      String input = "1.0 1.1\n2:1 1:9\n  1.0-1\t1.0-1  \r\n1.0~a 1.0~b";
      assertThat(run(input, "dpkg")).isZero();
      assertThat(out()).isEqualTo("-1\n1\n0\n-1\n");
    }

    @Test
    void emptyInputPrintsNothing() {
      assertThat(run("", "apk")).isZero();
      assertThat(out()).isEmpty();
    }

    @Test
    void malformedLineExitsThreeNamingTheLineAfterTheResultsBeforeIt() {
      assertThat(run("1 2\n3 4\nlonely\n5 6\n", "npm")).isEqualTo(3);
      assertThat(out()).isEqualTo("-1\n-1\n");
      assertThat(stderr.toString()).contains("stdin line 3").contains("lonely");
    }

    @Test
    void blankOrThreeWordLinesAreMalformed() {
      assertThat(run("1 2\n\n", "go")).isEqualTo(3);
      assertThat(stderr.toString()).contains("stdin line 2");
      stdout.reset();
      assertThat(run("1 2 3\n", "go")).isEqualTo(3);
      assertThat(stderr.toString()).contains("stdin line 1");
    }

    @Test
    void overlongLineIsALimitError() {
      String input = "1 " + "9".repeat(VersionCompareCommand.MAX_LINE_BYTES + 10) + "\n";
      assertThat(run(input, "maven")).isEqualTo(3);
      assertThat(stderr.toString()).contains("stdin line 1").contains("limit");
    }

    @Test
    void manyLinesStream() {
      StringBuilder input = new StringBuilder();
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 50_000; i++) {
        input.append("1.").append(i).append(" 1.").append(i % 7 == 0 ? i : i + 1).append('\n');
        expected.append(i % 7 == 0 ? "0\n" : "-1\n");
      }
      assertThat(run(input.toString(), "rubygems")).isZero();
      assertThat(out()).isEqualTo(expected.toString());
    }
  }

  @Nested
  class UsageErrors {
    @Test
    void unknownSchemeExitsTwoListingTheSchemes() {
      assertThat(run("", "debain", "1", "2")).isEqualTo(2);
      assertThat(stderr.toString()).contains("unknown version scheme 'debain'").contains("dpkg, rpm, apk");
      assertThat(out()).isEmpty();
    }

    @Test
    void oneVersionWithoutTheOtherExitsTwo() {
      assertThat(run("", "dpkg", "1.0")).isEqualTo(2);
      assertThat(stderr.toString()).contains("missing version B");
    }

    @Test
    void noSchemeExitsTwo() {
      assertThat(run("")).isEqualTo(2);
    }
  }
}
