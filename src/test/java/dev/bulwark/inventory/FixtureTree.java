package dev.bulwark.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fixture cases laid out as a piece of an image: every file under
 * {@code src/test/resources/inventory/<area>/<case>/} is offered at its relative path (as an
 * absolute image path) to each analyzer, and the facts of those that require it are compared, one
 * line each, with {@code expected.tsv} beside them. {@code -Dbulwark.updateGolden=true} rewrites
 * the expected files instead.
 */
public final class FixtureTree {
  public static final String EXPECTED = "expected.tsv";

  private FixtureTree() {}

  /** The case directories of an area, by name. */
  public static List<Path> cases(String area) throws IOException, URISyntaxException {
    Path root = Path.of(FixtureTree.class.getResource("/inventory/" + area).toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  /** What the analyzers report for every file of the case, as lines. */
  public static List<String> run(Path caseDir, List<Analyzer> analyzers) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(caseDir)) {
      files = walk.filter(Files::isRegularFile)
          .filter(f -> !f.equals(caseDir.resolve(EXPECTED)))
          .sorted()
          .toList();
    }
    List<String> lines = new ArrayList<>();
    for (Path file : files) {
      String imagePath = "/" + caseDir.relativize(file).toString().replace('\\', '/');
      for (Analyzer analyzer : analyzers) {
        if (AnalyzerHarness.requires(analyzer, imagePath, 0644)) {
          for (Fact fact : AnalyzerHarness.analyze(analyzer, imagePath, file)) {
            lines.add(imagePath + "\t" + analyzer.type() + "\t" + render(fact));
          }
        }
      }
    }
    return lines;
  }

  public static String render(Fact fact) {
    return switch (fact) {
      case Fact.FoundPackage(PackageRecord pkg, String foundBy) -> "package\t" + pkg.name() + "\t" + pkg.version() + "\t"
          + String.join("|", pkg.licenses()) + "\t"
          + pkg.properties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining(","));
      case Fact.Warning(String message) -> "warning\t" + message;
      default -> fact.toString();
    };
  }

  /** Compares with the case's expected lines, or rewrites them under -Dbulwark.updateGolden=true. */
  public static void assertExpected(String area, Path caseDir, List<String> actual) throws IOException {
    if (Boolean.getBoolean("bulwark.updateGolden")) {
      Path source = Path.of("src/test/resources/inventory", area, caseDir.getFileName().toString(), EXPECTED);
      Files.writeString(source, actual.stream().map(l -> l + "\n").collect(Collectors.joining()),
          StandardCharsets.UTF_8);
      return;
    }
    Path expected = caseDir.resolve(EXPECTED);
    assertThat(expected).as("expected results beside the case").exists();
    List<String> lines = Files.readAllLines(expected, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .toList();
    assertThat(actual).as(caseDir.getFileName().toString()).containsExactlyElementsOf(lines);
  }
}
