package dev.bulwark.inventory.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShellAssignmentsTest {
  @Nested
  class ClaircoreFixtures {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.inventory.distro.DistroFixtures#txtars")
    void parsesAsClaircoreDoes(String name) throws IOException {
      Map<String, String> sections = DistroFixtures.txtar(name);
      Map<String, String> expected = Json.mapper().readValue(sections.get("Parsed"), new TypeReference<>() {});
      assertThat(ShellAssignments.parse(sections.get("os-release"))).containsExactlyInAnyOrderEntriesOf(expected);
    }
  }

  @Nested
  class Syntax {
    @Test
    void quotesAndEscapesFollowTheShell() {
      String text = """
          A="a \\"quoted\\" \\$dollar \\\\ \\x"
          B='single $x \\ kept'
          C=unquoted\\ space\\"
          D="joined"'parts'rest
          E=trailing   \t
          F=\"multi
          line\"
          """;
      assertThat(ShellAssignments.parse(text)).containsExactly(
          Map.entry("A", "a \"quoted\" $dollar \\ \\x"),
          Map.entry("B", "single $x \\ kept"),
          Map.entry("C", "unquoted space\""),
          Map.entry("D", "joinedpartsrest"),
          Map.entry("E", "trailing"),
          Map.entry("F", "multi\nline"));
    }

    @Test
    void commentsBlankLinesAndNonAssignmentsAreSkipped() {
      String text = "# comment\n; also\n\n   \nnot an assignment\nBAD KEY=x\n9X=y\n  ID=alpine\nID=debian\nEMPTY=\n";
      assertThat(ShellAssignments.parse(text)).containsExactly(Map.entry("ID", "debian"), Map.entry("EMPTY", ""));
    }

    @Test
    void anUnterminatedQuoteRunsToTheEnd() {
      assertThat(ShellAssignments.parse("A=\"open")).containsExactly(Map.entry("A", "open"));
    }

    @Test
    void tooManyAssignmentsIsAnError() {
      String text = IntStream.rangeClosed(0, ShellAssignments.MAX_KEYS).mapToObj(i -> "K" + i + "=v\n")
          .collect(Collectors.joining());
      assertThatThrownBy(() -> ShellAssignments.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
