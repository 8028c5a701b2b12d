package dev.bulwark.enforce.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.Location;

/**
 * Turns a container's Config and HostConfig, in the shape {@code docker inspect} writes them
 * ({@code {"Name": …, "Config": {…}, "HostConfig": {…}}}), into the audit model, so that the guard
 * and the audit judge the same settings.
 */
@FunctionalInterface
public interface ContainerMapper {
  /**
   * @param inspect Config and HostConfig with Go's field names, each field present
   * @param where where the settings were read, for provenance
   */
  Mapped map(JsonNode inspect, Location where);

  /** The settings and where each came from, by model path ({@code privileged}, {@code mounts[0].source}). */
  record Mapped(ContainerSettings settings, java.util.Map<String, Location> fields) {
    public Mapped {
      fields = java.util.Map.copyOf(fields);
    }
  }
}
