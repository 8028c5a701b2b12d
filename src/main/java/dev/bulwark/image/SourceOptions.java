package dev.bulwark.image;

import dev.bulwark.io.Limits;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach images: the platform to pick from multi-arch indexes, registries the user allows
 * over plain HTTP, where Docker credentials and the Docker Engine are, and input bounds.
 *
 * @param environment the process environment (DOCKER_HOST, DOCKER_CONFIG, HOME), passed in so
 *     that nothing below the CLI reads global state
 */
public record SourceOptions(
    Platform platform,
    Set<String> insecureRegistries,
    Optional<Path> dockerConfig,
    Map<String, String> environment,
    Limits limits) {
  public SourceOptions {
    insecureRegistries = Set.copyOf(insecureRegistries);
    environment = Map.copyOf(environment);
  }

  public static SourceOptions defaults() {
    return new SourceOptions(Platform.LINUX_AMD64, Set.of(), Optional.empty(), System.getenv(), Limits.DEFAULT);
  }

  public SourceOptions withPlatform(Platform platform) {
    return new SourceOptions(platform, insecureRegistries, dockerConfig, environment, limits);
  }
}
