package dev.bulwark.image;

import dev.bulwark.io.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach images: the platform to pick from multi-arch indexes, registries the user allows
 * over plain HTTP, extra CA certificates to trust for registries, where Docker credentials and the
 * Docker Engine are, and input bounds.
 *
 * @param insecureRegistries {@code host[:port]} names that may be reached over plain HTTP
 * @param registryCaCertificates PEM files of CAs to trust for registries, besides the JDK's and
 *     Docker's {@code /etc/docker/certs.d/<host:port>/ca.crt} convention
 * @param dockerConfig Docker's config.json for credentials; empty means the default location
 *     ({@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json})
 * @param environment the process environment (DOCKER_HOST, DOCKER_CONFIG, HOME), passed in so
 *     that nothing below the CLI reads global state
 */
public record SourceOptions(
    Platform platform,
    Set<String> insecureRegistries,
    List<Path> registryCaCertificates,
    Optional<Path> dockerConfig,
    Map<String, String> environment,
    Limits limits) {
  public SourceOptions {
    insecureRegistries = Set.copyOf(insecureRegistries);
    registryCaCertificates = List.copyOf(registryCaCertificates);
    environment = Map.copyOf(environment);
  }

  public static SourceOptions defaults(Map<String, String> environment) {
    return new SourceOptions(Platform.LINUX_AMD64, Set.of(), List.of(), Optional.empty(), environment, Limits.DEFAULT);
  }

  public SourceOptions withPlatform(Platform platform) {
    return new SourceOptions(platform, insecureRegistries, registryCaCertificates, dockerConfig, environment, limits);
  }
}
