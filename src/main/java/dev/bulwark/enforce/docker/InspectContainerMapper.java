package dev.bulwark.enforce.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.dockerinspect.DockerInspectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a container create request with the audit's own {@code docker inspect} mapper: the body
 * has the inspect shape (Config, HostConfig), so the guard and {@code bulwark audit} judge exactly
 * the same settings, read the same way.
 */
public final class InspectContainerMapper implements ContainerMapper {
  @Override
  public Mapped map(JsonNode inspect, Location where) {
    Subject.Container container = DockerInspectMapper.container(inspect, where.source());
    Map<String, Location> fields = new LinkedHashMap<>(container.provenance().fields());
    return new Mapped(container.settings(), fields);
  }
}
