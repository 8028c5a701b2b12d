package dev.bulwark.audit.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image's configuration and what its inventory says, as the image checks need them: the user it
 * runs as, its healthcheck, ports, environment, history (an image made with {@code docker commit}
 * shows it there), and installed packages (an SSH server, sudo).
 */
public record ImageSettings(
    String name,
    Optional<String> digest,
    Optional<String> user,
    Optional<List<String>> healthcheck,
    List<String> exposedPorts,
    List<ContainerSettings.EnvVar> env,
    Map<String, String> labels,
    List<History> history,
    List<String> packages,
    List<String> setuidFiles) {
  public ImageSettings {
    healthcheck = healthcheck.map(List::copyOf);
    exposedPorts = List.copyOf(exposedPorts);
    env = List.copyOf(env);
    labels = Map.copyOf(labels);
    history = List.copyOf(history);
    packages = List.copyOf(packages);
    setuidFiles = List.copyOf(setuidFiles);
  }

  public record History(String createdBy, String comment, boolean emptyLayer) {}
}
