package dev.bulwark.inventory.java;

import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.io.Scratch;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The analysis of one file: the state shared by the archive and every archive nested in it — the
 * bounds and what is left of them, the packages found, the warnings.
 */
final class ArchiveScan {
  /** A bound was reached: reading stops at every level, keeping what was found. */
  static final class ScanStopped extends IOException {
    private final boolean located;

    ScanStopped(String message) {
      this(message, false);
    }

    private ScanStopped(String message, boolean located) {
      super(message);
      this.located = located;
    }

    /** The same stop, naming the innermost archive it happened in (the first level to call this). */
    ScanStopped at(String where) {
      return located || where.isEmpty() ? this : new ScanStopped(where + ": " + getMessage(), true);
    }
  }

  private final ArchiveBounds bounds;
  /** Asked only when an archive must be copied to disk, which streaming avoids. */
  private final Supplier<Scratch> scratch;
  private final long expandedBudget;
  private long expanded;
  private long entries;
  private final List<PackageRecord> packages = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private int droppedWarnings;

  ArchiveScan(ArchiveBounds bounds, Supplier<Scratch> scratch, long fileSize) {
    this.bounds = bounds;
    this.scratch = scratch;
    this.expandedBudget = bounds.expandedBudget(fileSize);
  }

  ArchiveBounds bounds() {
    return bounds;
  }

  Scratch scratch() {
    return scratch.get();
  }

  /** Charges decompressed bytes against the budget. */
  void charge(long bytes) throws ScanStopped {
    expanded += bytes;
    if (expanded > expandedBudget) {
      throw new ScanStopped("more than " + expandedBudget + " decompressed bytes (a zip bomb?)");
    }
  }

  /** Counts one zip entry against the bound. */
  void countEntry() throws ScanStopped {
    if (++entries > bounds.maxEntries()) {
      throw new ScanStopped("more than " + bounds.maxEntries() + " zip entries");
    }
  }

  /** An input stream charging what it yields to the budget. */
  InputStream charging(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          charge(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          charge(n);
        }
        return n;
      }

      @Override
      public void close() {}
    };
  }

  /** Where the packages of an archive go: before those of the archives nested in it. */
  int reserve() {
    return packages.size();
  }

  void found(int slot, List<PackageRecord> found) {
    packages.addAll(slot, found);
  }

  /** @param where the nested archive it concerns, empty for the analyzed file itself */
  void warn(String where, String message) {
    if (warnings.size() < bounds.maxWarnings()) {
      warnings.add(where.isEmpty() ? message : where + ": " + message);
    } else {
      droppedWarnings++;
    }
  }

  List<Fact> facts() {
    List<Fact> facts = new ArrayList<>(packages.size() + warnings.size() + 1);
    for (PackageRecord pkg : packages) {
      facts.add(new Fact.FoundPackage(pkg));
    }
    for (String warning : warnings) {
      facts.add(new Fact.Warning(warning));
    }
    if (droppedWarnings > 0) {
      facts.add(new Fact.Warning(droppedWarnings + " more warnings not shown"));
    }
    return facts;
  }
}
