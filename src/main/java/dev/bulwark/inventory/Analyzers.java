package dev.bulwark.inventory;

import dev.bulwark.inventory.rpm.RpmDatabaseAnalyzer;
import java.util.List;

/** The registry of analyzers: adding one is one line here. */
public final class Analyzers {
  private Analyzers() {}

  /** Every analyzer. Order does not change results; it is the order facts of one file are listed in. */
  public static List<Analyzer> all() {
    return List.of(
        new RpmDatabaseAnalyzer());
  }
}
