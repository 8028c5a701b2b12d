package dev.bulwark.audit.model;

import java.util.List;
import java.util.Optional;

/**
 * The host under the containers: ownership and modes of Docker's files, who may talk to the
 * daemon (the docker group), which Docker files the audit daemon watches, and versions.
 *
 * @param auditedPaths paths watched by auditd rules ({@code -w PATH}), from the rules files and,
 *     when available, the loaded rules
 * @param separateDockerPartition whether /var/lib/docker (the data root) is its own mount
 */
public record HostSettings(
    String hostname,
    Optional<String> kernelVersion,
    Optional<String> osRelease,
    List<FileStat> files,
    List<String> dockerGroupMembers,
    List<String> auditedPaths,
    Optional<Boolean> separateDockerPartition) {
  public HostSettings {
    files = List.copyOf(files);
    dockerGroupMembers = List.copyOf(dockerGroupMembers);
    auditedPaths = List.copyOf(auditedPaths);
  }

  /**
   * @param mode permission bits in octal ({@code 0644}); empty when the file is missing
   * @param kind {@code file}, {@code directory}, {@code socket}, {@code symlink}, {@code missing}
   */
  public record FileStat(String path, String kind, String owner, String group, String mode) {}
}
