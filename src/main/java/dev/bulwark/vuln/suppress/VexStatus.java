package dev.bulwark.vuln.suppress;

import java.util.Optional;

/** OpenVEX statement statuses. Only {@code not_affected} and {@code fixed} suppress a finding. */
public enum VexStatus {
  NOT_AFFECTED("not_affected"),
  AFFECTED("affected"),
  FIXED("fixed"),
  UNDER_INVESTIGATION("under_investigation");

  private final String label;

  VexStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean suppresses() {
    return this == NOT_AFFECTED || this == FIXED;
  }

  static Optional<VexStatus> of(String label) {
    for (VexStatus status : values()) {
      if (status.label.equals(label)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
