package dev.bulwark.audit.source.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.audit.model.Location;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class YamlDocumentsTest {
  private static List<YamlDocuments.Document> read(String yaml) {
    return YamlDocuments.read(yaml.getBytes(StandardCharsets.UTF_8), "f.yaml");
  }

  private static Cursor root(String yaml) {
    return Cursor.root("f.yaml", read(yaml).getFirst().root());
  }

  @Nested
  class Lines {
    @Test
    void everyKeyAndItemKeepsItsLine() {
      Cursor root = root("""
          # comment
          a:
            b: 1
            list:
              - x
              - name: y
          """);
      assertThat(root.get("a").line()).isEqualTo(2);
      assertThat(root.get("a").get("b").line()).isEqualTo(3);
      assertThat(root.get("a").get("list").items().get(1).line()).isEqualTo(6);
      assertThat(root.get("a").get("list").items().get(1).get("name").location())
          .isEqualTo(Location.line("f.yaml", 6, "a.list[1].name"));
    }

    @Test
    void eachDocumentOfAStreamKeepsTheLinesOfTheWholeFile() {
      List<YamlDocuments.Document> documents = read("""
          kind: A
          ---
          # second
          kind: B
          ---
          ---
          kind: C
          """);
      assertThat(documents).extracting(YamlDocuments.Document::line).containsExactly(1, 4, 7);
      assertThat(Cursor.root("f.yaml", documents.get(2).root()).get("kind").line()).isEqualTo(7);
    }

    @Test
    void keysThatAreNotIdentifiersAreQuotedInPaths() {
      Cursor root = root("metadata:\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/app: x\n");
      assertThat(root.at("metadata.annotations").entries().values().iterator().next().path())
          .isEqualTo("metadata.annotations[\"container.apparmor.security.beta.kubernetes.io/app\"]");
    }
  }

  @Nested
  class Values {
    @Test
    void quotedScalarsStayStringsAndNullIsAbsent() {
      Cursor root = root("a: \"true\"\nb: ~\nc:\nd: yes\ne: 'yes'\n");
      assertThat(root.get("a").bool()).contains(true);
      assertThat(root.get("b").exists()).isFalse();
      assertThat(root.get("c").text()).isEmpty();
      assertThat(root.get("d").bool()).contains(true);
      assertThatThrownBy(() -> root.get("e").bool()).isInstanceOf(InputException.class)
          .hasMessage("f.yaml:5: e: expected true or false, got \"yes\"");
    }

    @Test
    void wrongShapesAreErrorsNamingFileLineAndPath() {
      Cursor root = root("spec:\n  containers: nope\n");
      assertThatThrownBy(() -> root.get("spec").get("containers").items())
          .isInstanceOf(InputException.class).hasMessage("f.yaml:2: spec.containers: expected a list");
      assertThatThrownBy(() -> root.get("spec").text()).hasMessageContaining("f.yaml:1: spec: expected a single value");
    }

    @Test
    void numbers() {
      Cursor root = root("a: 12\nb: \"13\"\nc: 0.5\nd: x\n");
      assertThat(root.get("a").integer()).contains(12L);
      assertThat(root.get("b").integer()).contains(13L);
      assertThat(root.get("c").decimal()).contains(0.5);
      assertThatThrownBy(() -> root.get("d").integer()).hasMessageContaining("expected a whole number");
    }
  }

  @Nested
  class AnchorsAndMerges {
    @Test
    void mergeKeysApplyWithExplicitKeysWinning() {
      Cursor root = root("""
          x-defaults: &defaults
            privileged: true
            read_only: false
          services:
            web:
              <<: *defaults
              read_only: true
          """);
      Cursor web = root.get("services").get("web");
      assertThat(web.get("privileged").bool()).contains(true);
      assertThat(web.get("privileged").line()).isEqualTo(2);
      assertThat(web.get("read_only").bool()).contains(true);
      assertThat(web.entries().keySet()).containsExactly("privileged", "read_only");
    }

    @Test
    void mergeOfSeveralMappingsLetsTheFirstWin() {
      Cursor root = root("a: &a {k: 1}\nb: &b {k: 2, j: 3}\nc:\n  <<: [*a, *b]\n");
      assertThat(root.get("c").get("k").integer()).contains(1L);
      assertThat(root.get("c").get("j").integer()).contains(3L);
    }

    @Test
    void aliasesAreSharedNotCopiedSoBillionLaughsCostsNothing() {
      StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
      for (int i = 1; i < 40; i++) {
        yaml.append("a").append(i).append(": &a").append(i).append(" [");
        for (int j = 0; j < 4; j++) {
          yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
        }
        yaml.append("]\n");
      }
      Cursor root = root(yaml.toString());
      assertThat(root.get("a39").items()).hasSize(4);
      assertThat(root.get("a39").items().getFirst().node()).isEqualTo(root.get("a38").node());
    }

    @Test
    void tooManyAliasesAreRefused() {
      StringBuilder yaml = new StringBuilder("a: &a [x]\nb:\n");
      for (int i = 0; i < 300; i++) {
        yaml.append("  - *a\n");
      }
      assertThatThrownBy(() -> read(yaml.toString())).isInstanceOf(InputException.class)
          .hasMessageContaining("f.yaml").hasMessageContaining("aliases");
    }

    @Test
    void aRecursiveAliasIsAnError() {
      assertThatThrownBy(() -> read("a: &a\n  b: *a\n")).isInstanceOf(InputException.class)
          .hasMessageContaining("refers to itself");
    }
  }

  @Nested
  class Malformed {
    @Test
    void syntaxErrorsNameFileAndLine() {
      assertThatThrownBy(() -> read("a: 1\nb: [1, 2\nc: 3\n")).isInstanceOf(InputException.class)
          .hasMessageStartingWith("f.yaml:").hasMessageContaining("malformed YAML");
    }

    @Test
    void ofDuplicateKeysTheLastWins() {
      Cursor root = root("a: 1\nb: 2\na: 3\n");
      assertThat(root.get("a").integer()).contains(3L);
      assertThat(root.get("a").line()).isEqualTo(3);
      assertThat(root.entries().keySet()).containsExactly("b", "a");
    }

    @Test
    void deepNestingIsRefused() {
      assertThatThrownBy(() -> read("[".repeat(500) + "]".repeat(500))).isInstanceOf(InputException.class);
    }

    @Test
    void tooManyDocumentsAreRefused() {
      assertThatThrownBy(() -> read("a: 1\n---\n".repeat(YamlDocuments.MAX_DOCUMENTS + 1)))
          .isInstanceOf(LimitExceededException.class).hasMessageContaining("YAML documents");
    }

    @Test
    void oversizedInputIsRefused() {
      byte[] big = new byte[YamlDocuments.MAX_BYTES + 1];
      java.util.Arrays.fill(big, (byte) ' ');
      assertThatThrownBy(() -> YamlDocuments.read(big, "big.yaml")).isInstanceOf(LimitExceededException.class);
    }
  }

  @Nested
  class Json {
    @Test
    void jsonKeepsLinesToo() {
      Node node = JsonDocuments.read("{\n  \"a\": {\n    \"b\": [1,\n 2]\n  }\n}".getBytes(StandardCharsets.UTF_8),
          "x.json");
      Cursor root = Cursor.root("x.json", node);
      assertThat(root.get("a").get("b").items().get(1).location()).isEqualTo(Location.line("x.json", 4, "a.b[1]"));
      assertThat(root.get("a").get("b").items().get(1).integer()).contains(2L);
    }

    @Test
    void malformedJsonNamesFileAndLine() {
      assertThatThrownBy(() -> JsonDocuments.read("{\n\"a\": [1,}\n".getBytes(StandardCharsets.UTF_8), "x.json"))
          .isInstanceOf(InputException.class).hasMessageStartingWith("x.json:2: malformed JSON");
    }

    @Test
    void jacksonTreesHaveNoLinesAndCiteFields() throws Exception {
      Node node = JsonDocuments.of(dev.bulwark.io.Json.mapper().readTree("{\"HostConfig\":{\"Privileged\":true}}"));
      Cursor privileged = Cursor.root("docker inspect web", node).get("HostConfig").get("Privileged");
      assertThat(privileged.bool()).contains(true);
      assertThat(privileged.location()).isEqualTo(new Location("docker inspect web", Optional.empty(),
          "HostConfig.Privileged"));
    }
  }
}
