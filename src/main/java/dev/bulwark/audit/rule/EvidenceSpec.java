package dev.bulwark.audit.rule;

import java.util.Optional;

/**
 * What a finding cites: a model path relative to the scope's first variable ({@code privileged},
 * {@code capabilities.add}), or under another of its variables ({@code pod.hostPID}). With
 * {@code where}, the path names a list and only the elements for which the CEL condition holds
 * (the element is {@code item}) are cited, each with its own location.
 */
public record EvidenceSpec(String path, Optional<String> where) {
  public EvidenceSpec {
    if (!path.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*|\\[[0-9]+])*")) {
      throw new IllegalArgumentException("evidence path '" + path + "' is not a model path like a.b[2].c");
    }
  }
}
