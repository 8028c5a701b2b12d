package dev.bulwark.inventory;

import dev.bulwark.layer.LayerEntry;
import java.io.IOException;
import java.util.List;

/**
 * Finds facts in single files as layers stream by. Adding an analyzer is one class, one line in
 * {@link Analyzers}, and a fixture test.
 *
 * <p>Contract: {@link #required} is called for every regular file of every layer, so it must be
 * cheap (path and mode only, no I/O). {@link #analyze} reads one file and returns what it found.
 * A file it cannot make sense of yields a {@link Fact.Warning} and whatever it could read; it
 * throws only when the failure must stop the scan (for example a package database that is
 * present but unreadable, which would otherwise hide packages). Analyzers keep no state between
 * calls and may run on several threads at once.
 */
public interface Analyzer {
  /** A stable name, shown in reports and keying the layer cache. */
  String type();

  /** Bump whenever what {@link #analyze} reports for the same input changes; keys the cache. */
  int version();

  boolean required(LayerEntry entry);

  List<Fact> analyze(AnalyzedFile file) throws IOException;
}
