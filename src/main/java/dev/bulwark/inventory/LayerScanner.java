package dev.bulwark.inventory;

import dev.bulwark.BulwarkException;
import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.image.Layer;
import dev.bulwark.image.LayerContent;
import dev.bulwark.io.Bounded;
import dev.bulwark.io.Limits;
import dev.bulwark.io.Scratch;
import dev.bulwark.layer.EntryType;
import dev.bulwark.layer.EntryVisitor;
import dev.bulwark.layer.LayerEntry;
import dev.bulwark.layer.LayerWalker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one layer into a {@link LayerIndex}: walks its entries once and hands each file some
 * analyzer requires to those analyzers, streaming it when one wants it and buffering it (in memory,
 * or on disk past a bound) when several do.
 */
public final class LayerScanner {
  /** Refused entries past this many are counted in no report; a hostile layer could have millions. */
  private static final int MAX_REJECTED_REPORTED = 1000;

  private final List<Analyzer> analyzers;
  private final Limits limits;
  private final Scratch scratch;

  public LayerScanner(List<Analyzer> analyzers, Limits limits, Scratch scratch) {
    this.analyzers = List.copyOf(analyzers);
    this.limits = limits;
    this.scratch = scratch;
  }

  public LayerIndex scan(Layer layer, LayerContent content, String input) throws IOException {
    Visitor visitor = new Visitor("layer " + layer.id() + " of " + input);
    LayerWalker.walk(content, limits, visitor.where, visitor);
    return new LayerIndex(visitor.entries, visitor.whiteouts, visitor.opaques, visitor.facts, visitor.rejected);
  }

  private final class Visitor implements EntryVisitor {
    private final String where;
    private final List<LayerEntry> entries = new ArrayList<>();
    private final List<String> whiteouts = new ArrayList<>();
    private final List<String> opaques = new ArrayList<>();
    private final Map<String, List<Fact>> facts = new HashMap<>();
    private final List<String> rejected = new ArrayList<>();

    Visitor(String where) {
      this.where = where;
    }

    @Override
    public void entry(LayerEntry entry, InputStream content) throws IOException {
      entries.add(entry);
      if (entry.type() != EntryType.FILE) {
        return;
      }
      List<Analyzer> wanting = new ArrayList<>(2);
      for (Analyzer analyzer : analyzers) {
        if (analyzer.required(entry)) {
          wanting.add(analyzer);
        }
      }
      if (wanting.isEmpty()) {
        return;
      }
      List<Fact> found = new ArrayList<>();
      if (entry.size() > limits.maxAnalyzedFileBytes()) {
        found.add(new Fact.Warning("not analyzed: " + entry.size() + " bytes is over the limit of "
            + limits.maxAnalyzedFileBytes()));
      } else if (wanting.size() == 1) {
        try (StreamedFile file = new StreamedFile(entry, content)) {
          found.addAll(run(wanting.getFirst(), file));
        }
      } else {
        try (StreamedFile source = new StreamedFile(entry, content);
            BufferedFile file = BufferedFile.of(source, limits)) {
          for (Analyzer analyzer : wanting) {
            found.addAll(run(analyzer, file.view()));
          }
        }
      }
      if (!found.isEmpty()) {
        facts.merge(entry.path(), found, (a, b) -> {
          List<Fact> merged = new ArrayList<>(a);
          merged.addAll(b);
          return merged;
        });
      }
    }

    private List<Fact> run(Analyzer analyzer, AnalyzedFile file) {
      try {
        List<Fact> facts = analyzer.analyze(file);
        List<Fact> attributed = new ArrayList<>(facts.size());
        for (Fact fact : facts) {
          attributed.add(fact instanceof Fact.FoundPackage found
              ? new Fact.FoundPackage(found.pkg(), analyzer.type())
              : fact);
        }
        return attributed;
      } catch (BulwarkException e) {
        throw new InputException(where + ": " + file.path() + " (" + analyzer.type() + "): " + e.getMessage(), e);
      } catch (IOException e) {
        throw new InputException(where + ": " + file.path() + " (" + analyzer.type() + "): unreadable: "
            + e.getMessage(), e);
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
      if (rejected.size() < MAX_REJECTED_REPORTED) {
        String shown = name.length() > 256 ? name.substring(0, 256) + "…" : name;
        rejected.add(shown + ": " + reason);
      }
    }
  }

  /** A file streamed from the layer: one {@link #open()} or one {@link #file()}. */
  private final class StreamedFile implements AnalyzedFile, AutoCloseable {
    private final LayerEntry entry;
    private final InputStream content;
    private boolean consumed;
    private Path spilled;

    StreamedFile(LayerEntry entry, InputStream content) {
      this.entry = entry;
      this.content = content;
    }

    @Override
    public String path() {
      return entry.path();
    }

    @Override
    public long size() {
      return entry.size();
    }

    @Override
    public int mode() {
      return entry.mode();
    }

    @Override
    public InputStream open() throws IOException {
      if (spilled != null) {
        return Files.newInputStream(spilled);
      }
      take();
      return content;
    }

    @Override
    public Path file() throws IOException {
      if (spilled == null) {
        take();
        spilled = scratch.newFile(".bin");
        try (OutputStream out = Files.newOutputStream(spilled)) {
          content.transferTo(out);
        }
      }
      return spilled;
    }

    @Override
    public byte[] readAll(long limit) throws IOException {
      if (entry.size() > limit) {
        throw new LimitExceededException(entry.path(), "size", limit);
      }
      try (InputStream in = open()) {
        return Bounded.readAll(in, limit, entry.path());
      }
    }

    @Override
    public Scratch scratch() {
      return scratch;
    }

    private void take() {
      if (consumed) {
        throw new IllegalStateException(entry.path() + " was already read; an analyzer may read a file once");
      }
      consumed = true;
    }

    @Override
    public void close() throws IOException {
      if (spilled != null) {
        Files.deleteIfExists(spilled);
      }
    }
  }

  /** A file several analyzers want: held in memory up to a bound, else on disk. */
  private static final class BufferedFile implements AutoCloseable {
    private final StreamedFile source;
    private final byte[] bytes;

    private BufferedFile(StreamedFile source, byte[] bytes) {
      this.source = source;
      this.bytes = bytes;
    }

    static BufferedFile of(StreamedFile source, Limits limits) throws IOException {
      if (source.size() <= limits.maxInMemoryFileBytes()) {
        return new BufferedFile(source, source.readAll(limits.maxInMemoryFileBytes()));
      }
      source.file();
      return new BufferedFile(source, null);
    }

    AnalyzedFile view() {
      return new AnalyzedFile() {
        private Path copy;

        @Override
        public String path() {
          return source.path();
        }

        @Override
        public long size() {
          return source.size();
        }

        @Override
        public int mode() {
          return source.mode();
        }

        @Override
        public InputStream open() throws IOException {
          return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(source.file());
        }

        @Override
        public Path file() throws IOException {
          if (bytes == null) {
            return source.file();
          }
          if (copy == null) {
            copy = source.scratch().newFile(".bin");
            Files.write(copy, bytes);
          }
          return copy;
        }

        @Override
        public byte[] readAll(long limit) throws IOException {
          if (source.size() > limit) {
            throw new LimitExceededException(source.path(), "size", limit);
          }
          return bytes != null ? bytes.clone() : Files.readAllBytes(source.file());
        }

        @Override
        public Scratch scratch() {
          return source.scratch();
        }
      };
    }

    @Override
    public void close() {}
  }
}
