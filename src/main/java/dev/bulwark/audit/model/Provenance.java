package dev.bulwark.audit.model;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where each setting of a subject came from, by the setting's path in the model
 * ({@code privileged}, {@code mounts[2].source}, {@code capabilities.add}). Adapters record it as
 * they read; rules cite it as evidence. A path without an entry falls back to its nearest
 * recorded parent, then to the subject's own location.
 */
public record Provenance(Location subject, Map<String, Location> fields) {
  public Provenance {
    fields = java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
  }

  public static Provenance of(Location subject) {
    return new Provenance(subject, Map.of());
  }

  public Location of(String path) {
    String current = path;
    while (true) {
      Location location = fields.get(current);
      if (location != null) {
        return location;
      }
      int cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
      if (cut <= 0) {
        return subject;
      }
      current = current.substring(0, cut);
    }
  }

  public Optional<Location> exactly(String path) {
    return Optional.ofNullable(fields.get(path));
  }

  /** A mutable collector for adapters. */
  public static final class Builder {
    private final Location subject;
    private final Map<String, Location> fields = new TreeMap<>();

    public Builder(Location subject) {
      this.subject = subject;
    }

    public Builder put(String path, Location location) {
      fields.put(path, location);
      return this;
    }

    public Provenance build() {
      return new Provenance(subject, fields);
    }
  }
}
