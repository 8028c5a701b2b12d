package dev.bulwark.inventory.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each folder under {@code inventory/java/} holds one archive and {@code expected.tsv}: the packages
 * and warnings the analyzer reports for it when found at {@code /app/<its name>}. Regenerate with
 * {@code -Dbulwark.updateGolden=true}, then review the diff.
 */
class JavaArchiveFixtureTest {
  static final String HEADER = "#kind\tname\tversion\tsha1\tinnerPath\tproperties";

  static Stream<Path> cases() throws IOException, URISyntaxException {
    Path root = Path.of(JavaArchiveFixtureTest.class.getResource("/inventory/java").toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      boolean update = Boolean.getBoolean("bulwark.updateGolden");
      return dirs.filter(d -> Files.isRegularFile(d.resolve("expected.tsv"))
              || update && Files.isDirectory(d) && !d.getFileName().toString().equals("manifests"))
          .sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsExpectedPackagesAndWarnings(Path dir) throws IOException {
    Path input = input(dir);
    List<Fact> facts = AnalyzerHarness.analyze(new JavaArchiveAnalyzer(), "/app/" + input.getFileName(), input);
    List<String> actual = render(facts);
    Path expectedFile = dir.resolve("expected.tsv");
    if (Boolean.getBoolean("bulwark.updateGolden")) {
      List<String> lines = new ArrayList<>();
      lines.add(HEADER);
      lines.addAll(actual);
      // Into the source tree (the working directory is the project), and the copy this run reads.
      Files.write(Path.of("src/test/resources/inventory/java").resolve(dir.getFileName().toString())
          .resolve("expected.tsv"), lines, StandardCharsets.UTF_8);
      Files.write(expectedFile, lines, StandardCharsets.UTF_8);
    }
    List<String> expected = Files.readAllLines(expectedFile, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .toList();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  static Path input(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> inputs = files.filter(f -> !f.getFileName().toString().equals("expected.tsv")).toList();
      assertThat(inputs).as("one input in %s", dir).hasSize(1);
      return inputs.getFirst();
    }
  }

  static List<String> render(List<Fact> facts) {
    List<String> lines = new ArrayList<>();
    for (Fact fact : facts) {
      switch (fact) {
        case Fact.FoundPackage(PackageRecord p, String foundBy) -> lines.add(String.join("\t", "package", p.type().purlType() + ":"
            + p.name(), p.version(), p.sha1().orElse("-"), p.innerPath().orElse("-"), properties(p.properties())));
        case Fact.Warning(String message) -> lines.add("warning\t" + message);
        default -> lines.add("other\t" + fact);
      }
    }
    return lines;
  }

  private static String properties(Map<String, String> properties) {
    return properties.isEmpty() ? "-" : properties.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
