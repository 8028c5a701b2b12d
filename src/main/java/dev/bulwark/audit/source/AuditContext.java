package dev.bulwark.audit.source;

import dev.bulwark.image.SourceOptions;
import java.util.Map;

/**
 * What sources need besides the target: the process environment (DOCKER_HOST, HOME), and how to
 * reach images (for targets that name one).
 *
 * @param hostRoot where the host's filesystem is seen ({@code /} normally; tests point elsewhere)
 */
public record AuditContext(Map<String, String> environment, SourceOptions imageOptions, java.nio.file.Path hostRoot) {
  public AuditContext {
    environment = Map.copyOf(environment);
  }
}
