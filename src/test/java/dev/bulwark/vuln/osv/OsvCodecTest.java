package dev.bulwark.vuln.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.vuln.advisory.Advisory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OsvCodecTest {
  static Path fixtures() {
    try {
      return Path.of(OsvCodecTest.class.getResource("/vuln/osv").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(fixtures())) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  static List<Path> documents(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> OsvFormat.ofFileName(p.getFileName().toString()).isPresent()).sorted().toList();
    }
  }

  static Advisory read(Path file) throws IOException {
    return OsvCodec.read(Files.readAllBytes(file), OsvFormat.ofFileName(file.toString()).orElseThrow(),
        file.getFileName().toString(), "test");
  }

  @Nested
  class RealFeeds {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.vuln.osv.OsvCodecTest#cases")
    void readsEachFeedAsExpected(String name) throws IOException {
      Path dir = fixtures().resolve(name);
      StringBuilder actual = new StringBuilder();
      for (Path file : documents(dir)) {
        actual.append(AdvisorySummary.of(read(file)));
      }
      Path expected = Path.of("src/test/resources/vuln/osv", name, "expected.txt");
      if (Boolean.getBoolean("bulwark.updateGolden")) {
        Files.writeString(expected, actual.toString());
      }
      assertThat(actual.toString()).isEqualTo(Files.readString(dir.resolve("expected.txt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.vuln.osv.OsvCodecTest#cases")
    void normalizedJsonReadsBackToTheSameAdvisory(String name) throws IOException {
      for (Path file : documents(fixtures().resolve(name))) {
        Advisory advisory = read(file);
        byte[] normalized = OsvCodec.write(advisory);
        assertThat(OsvCodec.read(normalized, OsvFormat.JSON, "normalized", "test")).isEqualTo(advisory);
        assertThat(OsvCodec.write(OsvCodec.read(normalized, OsvFormat.JSON, "again", "test"))).isEqualTo(normalized);
      }
    }
  }

  @Nested
  class Strictness {
    private Advisory json(String text) {
      return OsvCodec.read(text.getBytes(StandardCharsets.UTF_8), OsvFormat.JSON, "doc.json", "test");
    }

    private static final String PKG = "\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"x\"}";

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"modified\":\"2024-01-01T00:00:00Z\"}",
        "{\"id\":\"X-1\"}",
        "{\"id\":\"X-1\",\"modified\":\"yesterday\"}",
        "{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\"}}]}",
        "{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{" + PKG
            + ",\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"fixed\":\"1\"}]}]}]}",
        "{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{" + PKG
            + ",\"ranges\":[{\"type\":\"GIT\",\"events\":[{\"introduced\":\"0\"}]}]}]}",
        "{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{" + PKG
            + ",\"ranges\":[{\"type\":\"NEWFANGLED\",\"events\":[{\"introduced\":\"0\"}]}]}]}",
        "{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{" + PKG
            + ",\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\",\"fixed\":\"1\"}]}]}]}",
        "{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"severity\":[{\"type\":\"CVSS_V3\"}]}",
        "{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"database_specific\":[1]}",
        "[1, 2]",
        "{\"id\":\"X-1\",",
        ""})
    void breakingARuleOfTheSchemaIsRefused(String document) {
      assertThatThrownBy(() -> json(document)).isInstanceOf(OsvFormatException.class).hasMessageStartingWith("doc.json");
    }

    @Test
    void unknownMembersAndNewerShapesAreTolerated() {
      Advisory advisory = json("{\"id\":\"X-1\",\"modified\":\"2024-01-01T00:00:00.123456Z\",\"future\":{\"a\":1},"
          + "\"aliases\":null,\"related\":[\"CVE-1\",{\"type\":\"SIMILAR_TO\",\"id\":\"CVE-2\"}],"
          + "\"severity\":[{\"type\":\"SOMETHING_NEW\",\"score\":\"7\"}],"
          + "\"affected\":[{\"ranges\":[{\"type\":\"GIT\",\"repo\":\"https://example.org/r\","
          + "\"events\":[{\"introduced\":\"0\"},{\"limit\":\"abc\"}]}]}]}");
      assertThat(advisory.aliases()).isEmpty();
      assertThat(advisory.related()).containsExactly("CVE-1", "CVE-2");
      assertThat(advisory.severities()).singleElement().satisfies(s -> assertThat(s.kind()).hasToString("OTHER"));
      assertThat(advisory.affected()).singleElement().satisfies(a -> assertThat(a.pkg()).isEmpty());
      assertThat(advisory.modified().getNano()).isEqualTo(123_456_000);
    }

    @Test
    void aDocumentOverTheLimitIsRefused() {
      byte[] big = new byte[OsvCodec.MAX_DOCUMENT_BYTES + 1];
      assertThatThrownBy(() -> OsvCodec.read(big, OsvFormat.JSON, "big.json", "test"))
          .isInstanceOf(OsvFormatException.class).hasMessageContaining("exceeds the limit");
    }

    @Test
    void yamlAliasesAreNotExpanded() {
      // A "billion laughs" document: if aliases were expanded, aliases would hold 2^40 entries.
      StringBuilder yaml = new StringBuilder("id: X-1\nmodified: '2024-01-01T00:00:00Z'\na0: &a0 [x, x]\n");
      for (int i = 1; i < 40; i++) {
        yaml.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1)
            .append("]\n");
      }
      yaml.append("aliases: *a39\n");
      assertThatThrownBy(() -> OsvCodec.read(yaml.toString().getBytes(StandardCharsets.UTF_8), OsvFormat.YAML,
          "bomb.yaml", "test")).isInstanceOf(OsvFormatException.class).hasMessageStartingWith("bomb.yaml");
    }
  }
}
