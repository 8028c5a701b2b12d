package dev.bulwark.vuln.suppress;

import java.util.Optional;

/**
 * The status justifications of the VEX working group that OpenVEX uses for {@code not_affected}.
 * A VEX suppression's reason starts with the label when the statement gave one, so renderers that
 * have a field for it (CycloneDX {@code analysis.justification}) can recover it.
 */
public enum VexJustification {
  COMPONENT_NOT_PRESENT("component_not_present"),
  VULNERABLE_CODE_NOT_PRESENT("vulnerable_code_not_present"),
  VULNERABLE_CODE_NOT_IN_EXECUTE_PATH("vulnerable_code_not_in_execute_path"),
  VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY("vulnerable_code_cannot_be_controlled_by_adversary"),
  INLINE_MITIGATIONS_ALREADY_EXIST("inline_mitigations_already_exist");

  private final String label;

  VexJustification(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  static Optional<VexJustification> of(String label) {
    for (VexJustification justification : values()) {
      if (justification.label.equals(label)) {
        return Optional.of(justification);
      }
    }
    return Optional.empty();
  }

  /** The justification a suppression reason starts with, if it starts with one. */
  public static Optional<VexJustification> leading(String reason) {
    for (VexJustification justification : values()) {
      if (reason.equals(justification.label) || reason.startsWith(justification.label + ": ")) {
        return Optional.of(justification);
      }
    }
    return Optional.empty();
  }
}
