package dev.bulwark.audit.source.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.audit.model.BuildFile;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DockerfileParserTest {
  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(Fixtures.path("dockerfile"))) {
      return dirs.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  static Stream<String> casesWith(String file) throws IOException {
    return cases().filter(c -> Files.exists(Fixtures.path("dockerfile/" + c + "/" + file)));
  }

  static Stream<String> dockerBuildCases() throws IOException {
    return casesWith("docker-build-steps.txt");
  }

  static Stream<String> buildKitCases() throws IOException {
    return casesWith("buildkit-result");
  }

  static Subject.Build load(String dockerCase) {
    List<Subject> subjects = new DockerfileSource().loadFile(Fixtures.path("dockerfile/" + dockerCase + "/Dockerfile"));
    assertThat(subjects).hasSize(1);
    return (Subject.Build) subjects.getFirst();
  }

  static BuildFile parse(String text) {
    return DockerfileParser.parse(text, "Dockerfile").file();
  }

  static List<BuildFile.Instruction> instructions(BuildFile file) {
    return file.stages().stream().flatMap(s -> s.instructions().stream()).toList();
  }

  @Nested
  class Fixtures_ {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.audit.source.dockerfile.DockerfileParserTest#cases")
    void readsEachDockerfileAsExpected(String dockerCase) {
      Fixtures.assertGolden(load(dockerCase), Fixtures.path("dockerfile/" + dockerCase + "/expected.json"));
    }

    /** Docker 20.10's builder printed each instruction as it joined it ({@code docker build}, legacy builder). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.audit.source.dockerfile.DockerfileParserTest#dockerBuildCases")
    void joinsLinesAsDockerDoes(String dockerCase) throws IOException {
      List<String> expected = Files.readAllLines(Fixtures.path("dockerfile/" + dockerCase + "/docker-build-steps.txt"));
      List<String> actual = new ArrayList<>();
      Subject.Build build = load(dockerCase);
      for (BuildFile.Instruction instruction : instructions(build.file())) {
        actual.add(instruction.keyword() + " " + instruction.arguments());
      }
      assertThat(actual).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(actual.get(i)).isEqualToIgnoringCase(expected.get(i));
      }
    }

    /** BuildKit's parser tests give their AST dump beside each Dockerfile. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.audit.source.dockerfile.DockerfileParserTest#buildKitCases")
    void readsWhatBuildKitReads(String dockerCase) throws IOException {
      Path result = Fixtures.path("dockerfile/" + dockerCase + "/buildkit-result");
      List<String> actual = new ArrayList<>();
      for (BuildFile.Instruction instruction : instructions(load(dockerCase).file())) {
        actual.add(BuildKitDump.of(instruction));
      }
      assertThat(actual).containsExactlyElementsOf(Files.readAllLines(result));
    }
  }

  @Nested
  class Lines {
    @Test
    void instructionsCarryTheLineTheyStartOn() {
      Subject.Build build = load("heredocs");
      assertThat(instructions(build.file())).extracting(BuildFile.Instruction::line)
          .containsExactly(2, 3, 7, 10, 15, 16);
      assertThat(build.provenance().of("stages[0].user")).isEqualTo(
          Location.line("src/test/resources/audit/source/dockerfile/heredocs/Dockerfile", 16, "USER"));
      assertThat(build.ref().line()).contains(2);
    }
  }

  @Nested
  class Heredocs {
    @Test
    void heredocBodiesBelongToTheirInstruction() {
      List<BuildFile.Instruction> all = instructions(load("heredocs").file());
      BuildFile.Instruction run = all.get(1);
      assertThat(run.arguments())
          .isEqualTo("<<EOF\napk add --no-cache curl\ncurl -fsSL https://example.com/install.sh | sh\nEOF");
      assertThat(run.words()).containsSubsequence("curl", "-fsSL", "https://example.com/install.sh", "|", "sh");
      assertThat(all.get(2).arguments()).isEqualTo("<<-EOT /etc/motd\nhello\nEOT");
      assertThat(all.get(3).words()).containsSubsequence("sudo", "apk", "add", "openssh-server");
      assertThat(all.get(4).execForm()).isTrue();
      assertThat(all.get(4).words()).containsExactly("echo", "<<EOF is no heredoc in exec form");
    }

    @Test
    void anUnterminatedHeredocIsAnError() {
      assertThatThrownBy(() -> parse("FROM a\nRUN <<EOF\necho hi\n")).isInstanceOf(InputException.class)
          .hasMessage("Dockerfile:2: unterminated heredoc (no line \"EOF\")");
    }
  }

  @Nested
  class Stages {
    @Test
    void fromIsResolvedWithGlobalArgDefaults() {
      BuildFile file = load("multistage-args").file();
      assertThat(file.stages()).extracting(BuildFile.Stage::baseImage)
          .containsExactly("debian:12-slim", "golang:1.22", "builder", "scratch", "$UNSET");
      assertThat(file.stages()).extracting(BuildFile.Stage::name)
          .containsExactly(Optional.of("Builder"), Optional.of("tools"), Optional.empty(), Optional.empty(),
              Optional.of("late"));
      assertThat(file.buildArgs()).containsExactlyInAnyOrderEntriesOf(
          Map.of("BASE", "debian", "TAG", "12-slim", "UNSET", "", "API_KEY", "sk-live-123"));
    }

    @Test
    void userIsExpandedAndInheritedFromTheStageBuiltUpon() {
      BuildFile file = load("multistage-args").file();
      assertThat(file.stages()).extracting(BuildFile.Stage::user)
          .containsExactly(Optional.of("1001"), Optional.empty(), Optional.of("1001"), Optional.empty(),
              Optional.empty());
      assertThat(file.finalStage().user()).isEmpty();
    }

    @Test
    void flagsAreReadForEveryInstruction() {
      List<BuildFile.Instruction> all = instructions(load("multistage-args").file());
      BuildFile.Instruction run = all.stream().filter(i -> i.keyword().equals("RUN")).findFirst().orElseThrow();
      assertThat(run.flags()).containsEntry("mount", "type=cache,target=/var/cache/apt\ntype=secret,id=npmrc")
          .containsEntry("network", "none");
      assertThat(run.words()).containsExactly("apt-get", "update");
      BuildFile.Instruction copy = all.stream().filter(i -> i.keyword().equals("COPY")).findFirst().orElseThrow();
      assertThat(copy.flags()).containsEntry("from", "tools").containsEntry("chown", "1000:1000")
          .containsEntry("chmod", "0755");
      assertThat(all.stream().filter(i -> i.keyword().equals("FROM")).skip(1).findFirst().orElseThrow().flags())
          .containsEntry("platform", "$BUILDPLATFORM");
    }

    @Test
    void onbuildCarriesItsTrigger() {
      BuildFile.Instruction onbuild = instructions(load("multistage-args").file()).stream()
          .filter(i -> i.keyword().equals("ONBUILD")).findFirst().orElseThrow();
      assertThat(onbuild.words()).containsExactly("COPY", ".", "/src");
      assertThat(onbuild.flags()).containsEntry("from", "builder");
    }
  }

  @Nested
  class EscapeDirective {
    @Test
    void backtickContinuesLinesAndBackslashIsPlain() {
      List<BuildFile.Instruction> all = instructions(load("escape-backtick").file());
      assertThat(all).extracting(BuildFile.Instruction::keyword).containsExactly("FROM", "RUN", "COPY", "USER");
      assertThat(all.get(1).arguments())
          .isEqualTo("powershell -Command     $ErrorActionPreference = 'Stop';     Write-Host C:\\path\\to\\dir");
      assertThat(all.get(2).words()).containsExactly(".", "C:\\app\\");
    }

    @Test
    void aDirectiveAfterAnInstructionOrCommentIsAComment() {
      BuildFile file = parse("FROM a\n# escape=`\nRUN echo `\nUSER b\n");
      assertThat(instructions(file)).hasSize(3);
    }

    @Test
    void anInvalidEscapeTokenIsAnError() {
      assertThatThrownBy(() -> parse("# escape=x\nFROM a\n")).isInstanceOf(InputException.class)
          .hasMessageContaining("Dockerfile:1: invalid escape token");
    }
  }

  @Nested
  class Forms {
    @Test
    void execAndShellForms() {
      List<BuildFile.Instruction> all = instructions(parse("""
          FROM a
          CMD ["nginx", "-g", "daemon off;"]
          ENTRYPOINT /bin/sh -c 'echo "$HOME" ; sudo id'
          RUN curl -s https://x | bash && echo done>/dev/null 2>&1
          SHELL ["/bin/bash", "-o", "pipefail", "-c"]
          """));
      assertThat(all.get(1).execForm()).isTrue();
      assertThat(all.get(1).words()).containsExactly("nginx", "-g", "daemon off;");
      assertThat(all.get(2).execForm()).isFalse();
      assertThat(all.get(2).words()).containsExactly("/bin/sh", "-c", "echo \"$HOME\" ; sudo id");
      assertThat(all.get(3).words())
          .containsExactly("curl", "-s", "https://x", "|", "bash", "&&", "echo", "done>/dev/null", "2>&1");
      assertThat(all.get(4).execForm()).isTrue();
    }

    @Test
    void envAndLabelPairsIncludingTheLegacyForm() {
      List<BuildFile.Instruction> all = instructions(parse("""
          FROM a
          ENV A=1 B="two words" C=three\\ words
          ENV PASSWORD hunter2 and more
          LABEL "com.example"="x y" version=1.0
          """));
      assertThat(all.get(1).words()).containsExactly("A=1", "B=two words", "C=three words");
      assertThat(all.get(2).words()).containsExactly("PASSWORD=hunter2 and more");
      assertThat(all.get(3).words()).containsExactly("com.example=x y", "version=1.0");
    }

    @Test
    void keywordsAreCaseInsensitive() {
      assertThat(instructions(parse("from a\nRun echo\nuSeR root\n"))).extracting(BuildFile.Instruction::keyword)
          .containsExactly("FROM", "RUN", "USER");
      assertThat(parse("from a\nuSeR root\n").finalStage().user()).contains("root");
    }
  }

  @Nested
  class Malformed {
    @Test
    void errorsNameFileAndLine() {
      assertThat(error("FROM a\nFROBNICATE x\n")).isEqualTo("Dockerfile:2: unknown instruction: FROBNICATE");
      assertThat(error("RUN echo\nFROM a\n"))
          .isEqualTo("Dockerfile:1: RUN before the first FROM: no build stage in current context");
      assertThat(error("ARG A=1\n")).startsWith("Dockerfile: no FROM instruction");
      assertThat(error("# only a comment\n\n")).isEqualTo("Dockerfile: file with no instructions");
      assertThat(error("FROM a\nCMD [\"a\", 1]\n")).startsWith("Dockerfile:2: CMD: when using JSON array syntax");
      assertThat(error("FROM a b\n")).startsWith("Dockerfile:1: FROM requires either one or three arguments");
      assertThat(error("FROM a\nENV X\n")).isEqualTo("Dockerfile:2: ENV must have two arguments");
      assertThat(error("FROM a\nSHELL /bin/bash\n"))
          .isEqualTo("Dockerfile:2: SHELL requires the arguments to be in JSON form");
      assertThat(error("FROM a\nONBUILD ONBUILD RUN x\n")).isEqualTo("Dockerfile:2: ONBUILD ONBUILD is not allowed");
    }

    private String error(String text) {
      try {
        parse(text);
      } catch (InputException e) {
        return e.getMessage();
      }
      throw new AssertionError("no error for " + text);
    }

    @Test
    void aHugeDockerfileIsRefused() {
      String text = "FROM a\n" + "RUN x\n".repeat(DockerfileLexer.MAX_INSTRUCTIONS + 1);
      assertThatThrownBy(() -> parse(text)).isInstanceOf(dev.bulwark.LimitExceededException.class);
    }
  }

  /** Renders an instruction as BuildKit's parser test dumps its AST ({@code (run "echo hi")}). */
  static final class BuildKitDump {
    static String of(BuildFile.Instruction instruction) {
      StringBuilder out = new StringBuilder("(").append(instruction.keyword().toLowerCase(Locale.ROOT));
      String firstLine = instruction.arguments().split("\n", 2)[0];
      InstructionSyntax.Flags flags = InstructionSyntax.flags(firstLine);
      if (!flags.flags().isEmpty()) {
        out.append(" [").append(String.join(" ", flags.flags().stream().map(BuildKitDump::quote).toList())).append(']');
      }
      String body = flags.rest().strip();
      List<String> values = switch (instruction.keyword()) {
        case "RUN", "CMD", "ENTRYPOINT", "SHELL", "MAINTAINER", "USER", "WORKDIR", "STOPSIGNAL" ->
            instruction.execForm() ? instruction.words() : body.isEmpty() ? List.of() : List.of(body);
        case "ENV", "LABEL" -> instruction.words().stream()
            .flatMap(w -> Stream.of(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1))).toList();
        case "HEALTHCHECK" -> {
          if (instruction.words().isEmpty()) {
            yield List.of();
          }
          int cut = DockerfileLexer.firstWhitespace(body);
          String command = body.substring(cut).strip();
          List<String> rest = new ArrayList<>(List.of(body.substring(0, cut)));
          rest.addAll(instruction.execForm() ? instruction.words().subList(1, instruction.words().size())
              : command.isEmpty() ? List.of() : List.of(command));
          yield rest;
        }
        default -> instruction.words();
      };
      for (String value : values) {
        out.append(' ').append(quote(value));
      }
      return out.append(')').toString();
    }

    /** Go's {@code strconv.Quote} for the characters these files hold. */
    static String quote(String text) {
      StringBuilder out = new StringBuilder("\"");
      for (char c : text.toCharArray()) {
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\t' -> out.append("\\t");
          case '\n' -> out.append("\\n");
          default -> out.append(c);
        }
      }
      return out.append('"').toString();
    }
  }
}
