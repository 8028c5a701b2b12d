package dev.bulwark.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.io.Limits;
import dev.bulwark.layer.EntryType;
import dev.bulwark.layer.EntryVisitor;
import dev.bulwark.layer.LayerEntry;
import dev.bulwark.layer.TarWalker;
import dev.bulwark.testing.Tars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layer-stacking conformance suite: each case under {@code src/test/resources/fs/conformance}
 * is a few hand-made layers ({@code layer-N.txt}, one entry per line, turned into real tars here)
 * and the tree they must stack to ({@code expected.txt}), including how chosen paths resolve.
 *
 * <p>Layer lines: {@code dir NAME}, {@code file NAME [CONTENT]}, {@code symlink NAME TARGET},
 * {@code hardlink NAME TARGET}; names are written into the tar verbatim, so whiteouts are files
 * named {@code .wh.*}. A {@code resolve PATH} line in expected.txt asks how PATH resolves.
 * Regenerate expected files with {@code -Dbulwark.updateGolden=true}.
 */
class LayerConformanceTest {
  private static final Path CASES = Path.of("src/test/resources/fs/conformance");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(CASES)) {
      return dirs.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stacksAsSpecified(String name) throws IOException {
    Path dir = CASES.resolve(name);
    FilesystemView view = new FilesystemView();
    Map<ContentRef, String> contents = new HashMap<>();
    List<String> rejected = new ArrayList<>();
    for (int layer = 0; Files.exists(dir.resolve("layer-" + layer + ".txt")); layer++) {
      byte[] tar = build(Files.readAllLines(dir.resolve("layer-" + layer + ".txt")));
      Collector collector = new Collector(layer, contents, rejected);
      TarWalker.walk(new ByteArrayInputStream(tar), Limits.DEFAULT, name, collector);
      view.apply(layer, collector.entries, collector.whiteouts, collector.opaques);
    }
    Path expectedFile = dir.resolve("expected.txt");
    List<String> queries = Files.readAllLines(expectedFile).stream().filter(l -> l.startsWith("resolve ")).toList();
    String actual = render(view, contents, rejected, queries);
    if (Boolean.getBoolean("bulwark.updateGolden")) {
      Files.writeString(expectedFile, actual);
    }
    assertThat(actual).isEqualTo(Files.readString(expectedFile));
  }

  private static String render(FilesystemView view, Map<ContentRef, String> contents, List<String> rejected,
      List<String> queries) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Node> entry : view.nodes().entrySet()) {
      if (entry.getKey().equals("/")) {
        continue;
      }
      Node node = entry.getValue();
      out.append(entry.getKey()).append(' ').append(node.type().name().toLowerCase());
      switch (node.type()) {
        case SYMLINK -> out.append(" -> ").append(node.symlinkTarget());
        case FILE -> out.append(" \"").append(contents.get(node.content().orElseThrow())).append('"')
            .append(" from layer ").append(node.content().orElseThrow().layer());
        default -> {}
      }
      out.append('\n');
    }
    for (String problem : view.problems()) {
      out.append("problem: ").append(problem).append('\n');
    }
    for (String refusal : rejected) {
      out.append("rejected: ").append(refusal).append('\n');
    }
    for (String query : queries) {
      String path = query.substring("resolve ".length()).split(" ")[0];
      out.append("resolve ").append(path).append(" => ").append(view.resolve(path).orElse("(loop)")).append('\n');
    }
    return out.toString();
  }

  private static byte[] build(List<String> lines) {
    Tars tars = new Tars();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" ", 3);
      switch (parts[0]) {
        case "dir" -> tars.dir(parts[1]);
        case "file" -> tars.file(parts[1], parts.length > 2 ? parts[2] : "");
        case "symlink" -> tars.symlink(parts[1], parts[2]);
        case "hardlink" -> tars.hardlink(parts[1], parts[2]);
        default -> throw new IllegalArgumentException("unknown layer line: " + line);
      }
    }
    return tars.build();
  }

  private static final class Collector implements EntryVisitor {
    final List<LayerEntry> entries = new ArrayList<>();
    final List<String> whiteouts = new ArrayList<>();
    final List<String> opaques = new ArrayList<>();
    private final int layer;
    private final Map<ContentRef, String> contents;
    private final List<String> rejected;

    Collector(int layer, Map<ContentRef, String> contents, List<String> rejected) {
      this.layer = layer;
      this.contents = contents;
      this.rejected = rejected;
    }

    @Override
    public void entry(LayerEntry entry, InputStream content) throws IOException {
      entries.add(entry);
      if (entry.type() == EntryType.FILE) {
        contents.put(new ContentRef(layer, entry.path()), new String(content.readAllBytes(), StandardCharsets.UTF_8));
      }
    }

    @Override
    public void whiteout(String path) {
      whiteouts.add(path);
    }

    @Override
    public void opaque(String directory) {
      opaques.add(directory);
    }

    @Override
    public void rejected(String name, String reason) {
      rejected.add("layer " + layer + ": " + name + ": " + reason);
    }
  }
}
