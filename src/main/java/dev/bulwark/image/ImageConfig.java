package dev.bulwark.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an image configuration Bulwark reasons about. The exact bytes stay available in
 * {@link Image#rawConfig()} for readers that need more.
 */
public record ImageConfig(
    String os,
    String architecture,
    Optional<String> variant,
    Optional<String> created,
    Optional<String> user,
    List<String> env,
    List<String> entrypoint,
    List<String> cmd,
    Optional<String> workingDir,
    Map<String, String> labels,
    List<String> exposedPorts,
    Optional<List<String>> healthcheck,
    List<Digest> diffIds,
    List<HistoryEntry> history) {
  public ImageConfig {
    env = List.copyOf(env);
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    labels = Map.copyOf(labels);
    exposedPorts = List.copyOf(exposedPorts);
    diffIds = List.copyOf(diffIds);
    history = List.copyOf(history);
  }

  /** A configuration for a root filesystem that came with none. */
  public static ImageConfig empty() {
    return new ImageConfig(
        "linux", "", Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(),
        List.of(), Optional.empty(), Map.of(), List.of(), Optional.empty(), List.of(), List.of());
  }

  public record HistoryEntry(
      Optional<String> created, Optional<String> createdBy, Optional<String> comment, boolean emptyLayer) {}

  /** The history entry that produced each non-empty layer, in layer order. */
  public List<Optional<HistoryEntry>> historyByLayer() {
    List<Optional<HistoryEntry>> result = new java.util.ArrayList<>();
    for (HistoryEntry entry : history) {
      if (!entry.emptyLayer()) {
        result.add(Optional.of(entry));
      }
    }
    while (result.size() < diffIds.size()) {
      result.add(Optional.empty());
    }
    return result;
  }
}
