package dev.bulwark.inventory;

import dev.bulwark.io.Bounded;
import dev.bulwark.io.Scratch;
import dev.bulwark.layer.EntryType;
import dev.bulwark.layer.LayerEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one analyzer on one file the way {@link LayerScanner} does (single-use stream, spill on
 * demand), for analyzer fixture tests.
 */
public final class AnalyzerHarness {
  private AnalyzerHarness() {}

  /** Whether the analyzer wants a regular file at {@code imagePath} with {@code mode}. */
  public static boolean requires(Analyzer analyzer, String imagePath, int mode) {
    return requires(analyzer, imagePath, mode, 1);
  }

  public static boolean requires(Analyzer analyzer, String imagePath, int mode, long size) {
    return analyzer.required(new LayerEntry(imagePath, EntryType.FILE, size, mode, ""));
  }

  /** Analyzes {@code content} as the file {@code imagePath} of an image. */
  public static List<Fact> analyze(Analyzer analyzer, String imagePath, byte[] content) throws IOException {
    try (Scratch scratch = Scratch.inTempDir()) {
      return analyzer.analyze(file(imagePath, content, 0644, scratch));
    }
  }

  public static List<Fact> analyze(Analyzer analyzer, String imagePath, Path localFile) throws IOException {
    return analyze(analyzer, imagePath, Files.readAllBytes(localFile));
  }

  /** The packages among the facts. */
  public static List<PackageRecord> packages(List<Fact> facts) {
    return facts.stream()
        .filter(f -> f instanceof Fact.FoundPackage)
        .map(f -> ((Fact.FoundPackage) f).pkg())
        .toList();
  }

  public static AnalyzedFile file(String imagePath, byte[] content, int mode, Scratch scratch) {
    return new AnalyzedFile() {
      private boolean consumed;
      private Path spilled;

      @Override
      public String path() {
        return imagePath;
      }

      @Override
      public long size() {
        return content.length;
      }

      @Override
      public int mode() {
        return mode;
      }

      @Override
      public InputStream open() throws IOException {
        if (spilled != null) {
          return Files.newInputStream(spilled);
        }
        if (consumed) {
          throw new IllegalStateException("opened twice");
        }
        consumed = true;
        return new ByteArrayInputStream(content);
      }

      @Override
      public Path file() throws IOException {
        if (spilled == null) {
          if (consumed) {
            throw new IllegalStateException("file() after open()");
          }
          consumed = true;
          spilled = scratch.newFile(".bin");
          Files.write(spilled, content);
        }
        return spilled;
      }

      @Override
      public byte[] readAll(long limit) throws IOException {
        try (InputStream in = open()) {
          return Bounded.readAll(in, limit, imagePath);
        }
      }

      @Override
      public Scratch scratch() {
        return scratch;
      }
    };
  }
}
