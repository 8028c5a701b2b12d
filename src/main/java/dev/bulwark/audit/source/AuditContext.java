package dev.bulwark.audit.source;

import dev.bulwark.cache.LayerCache;
import dev.bulwark.image.SourceOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What sources need besides the target: the process environment (DOCKER_HOST, HOME), and how to
 * reach images (for targets that name one).
 *
 * @param hostRoot where the host's filesystem is seen ({@code /} normally; tests point elsewhere)
 * @param layerCache the scanner's layer cache, so that an image already scanned is not read again
 */
public record AuditContext(Map<String, String> environment, SourceOptions imageOptions, Path hostRoot,
    Optional<LayerCache> layerCache) {
  public AuditContext {
    environment = Map.copyOf(environment);
  }

  /** Without a layer cache. */
  public AuditContext(Map<String, String> environment, SourceOptions imageOptions, Path hostRoot) {
    this(environment, imageOptions, hostRoot, Optional.empty());
  }
}
