package dev.bulwark.audit.model;

import java.util.Optional;

/**
 * How reports name an audited object, so CI systems can annotate it.
 *
 * @param kind {@code dockerfile}, {@code compose-service}, {@code kubernetes}, {@code docker-container},
 *     {@code oci-runtime}, {@code image}, {@code daemon}, {@code host}
 * @param name a Kubernetes {@code Kind/namespace/name}, a container or service name, an image reference
 * @param id a container id, when there is one
 * @param file the file it was read from, and the line of the object in it
 */
public record SubjectRef(String kind, String name, Optional<String> id, Optional<String> file, Optional<Integer> line) {
  public String display() {
    String where = file.map(f -> f + line.map(l -> ":" + l).orElse("")).orElse("");
    return kind + " " + name + id.map(i -> " (" + i.substring(0, Math.min(12, i.length())) + ")").orElse("")
        + (where.isEmpty() ? "" : " at " + where);
  }
}
