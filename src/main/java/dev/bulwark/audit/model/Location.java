package dev.bulwark.audit.model;

import java.util.Optional;

/**
 * Where a setting was read: a file and line for configuration files, or, for live objects, the API
 * or kernel field it came from ({@code HostConfig.Privileged}, {@code /proc/4242/status CapEff}).
 */
public record Location(String source, Optional<Integer> line, String field) {
  public static Location field(String source, String field) {
    return new Location(source, Optional.empty(), field);
  }

  public static Location line(String file, int line, String field) {
    return new Location(file, Optional.of(line), field);
  }

  /** {@code Dockerfile:12}, or {@code docker inspect web (HostConfig.Privileged)}. */
  public String display() {
    return line.map(l -> source + ":" + l).orElse(source + (field.isEmpty() ? "" : " (" + field + ")"));
  }
}
