package dev.bulwark.inventory.distro;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The fixtures under {@code src/test/resources/inventory/distro}. */
final class DistroFixtures {
  private DistroFixtures() {}

  static Path root() {
    try {
      return Path.of(DistroFixtures.class.getResource("/inventory/distro").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Cases with an image root ({@code root/}) and the distribution expected of it. */
  static Stream<String> cases() {
    try (Stream<Path> dirs = Files.list(root())) {
      return dirs.filter(d -> Files.exists(d.resolve("expected.json"))).map(d -> d.getFileName().toString()).sorted()
          .toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The claircore os-release txtar archives. */
  static Stream<String> txtars() {
    try (Stream<Path> files = Files.list(root().resolve("os-release-parse"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs the analyzer on every file of a case's root, as the layers would hand them over. */
  static Map<String, Fact.ReleaseFile> releaseFiles(String name) throws IOException {
    Path root = root().resolve(name).resolve("root");
    Map<String, Fact.ReleaseFile> byPath = new HashMap<>();
    if (!Files.isDirectory(root)) {
      return byPath;
    }
    ReleaseFilesAnalyzer analyzer = new ReleaseFilesAnalyzer();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      String path = "/" + root.relativize(file).toString().replace('\\', '/');
      if (!AnalyzerHarness.requires(analyzer, path, 0644)) {
        throw new IllegalStateException(name + ": fixture file not read by the analyzer: " + path);
      }
      for (Fact fact : AnalyzerHarness.analyze(analyzer, path, file)) {
        if (fact instanceof Fact.ReleaseFile release) {
          byPath.put(path, release);
        }
      }
    }
    return byPath;
  }

  /** The sections of a txtar archive ({@code -- name --} lines start each). */
  static Map<String, String> txtar(String name) throws IOException {
    String text = Files.readString(root().resolve("os-release-parse").resolve(name), StandardCharsets.UTF_8);
    Map<String, String> sections = new LinkedHashMap<>();
    String current = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("-- ") && line.endsWith(" --")) {
        if (current != null) {
          sections.put(current, body.toString());
        }
        current = line.substring(3, line.length() - 3);
        body.setLength(0);
      } else if (current != null) {
        body.append(line).append('\n');
      }
    }
    if (current != null) {
      sections.put(current, body.toString());
    }
    return sections;
  }
}
