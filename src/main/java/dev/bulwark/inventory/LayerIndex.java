package dev.bulwark.inventory;

import dev.bulwark.layer.LayerEntry;
import java.util.List;
import java.util.Map;

/**
 * Everything one layer contributes, read in one pass and independent of every other layer, which
 * is what makes it cacheable by diffID: the entries (for the filesystem view), the whiteouts and
 * opaque directories, the analyzers' facts keyed by the path of the file they came from, and the
 * entries that were refused.
 */
public record LayerIndex(
    List<LayerEntry> entries,
    List<String> whiteouts,
    List<String> opaques,
    Map<String, List<Fact>> facts,
    List<String> rejected) {
  public LayerIndex {
    entries = List.copyOf(entries);
    whiteouts = List.copyOf(whiteouts);
    opaques = List.copyOf(opaques);
    facts = Map.copyOf(facts);
    rejected = List.copyOf(rejected);
  }
}
