package dev.bulwark.inventory.rust.wire;

import java.util.List;

/**
 * The dependency list cargo-auditable embeds (auditable-serde's {@code VersionInfo}). Fields may be
 * absent in hostile input; {@code kind} and {@code root} are omitted by the writer at their defaults
 * ({@code runtime}, false).
 */
public record AuditJson(List<PackageJson> packages) {
  /** One crate of the build. */
  public record PackageJson(
      String name, String version, String source, String kind, List<Integer> dependencies, Boolean root) {}
}
