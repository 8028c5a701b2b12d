package dev.bulwark.audit.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.audit.model.ContainerSettings;
import dev.bulwark.audit.model.Provenance;

/**
 * Turns one container's {@code docker inspect} object (as the Engine's /containers/{id}/json answers
 * it) into the model, recording where each setting came from. The live source reads what the API
 * claims through this, then adds what the kernel enforces.
 */
interface InspectMapping {
  /**
   * @param source how evidence names the object ({@code docker inspect web})
   * @param provenance receives a {@link dev.bulwark.audit.model.Location} per model path set
   */
  ContainerSettings map(JsonNode inspect, String source, Provenance.Builder provenance);
}
