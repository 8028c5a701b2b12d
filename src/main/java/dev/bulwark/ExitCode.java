package dev.bulwark;

/** The process exit codes every command uses; documented in the README. */
public enum ExitCode {
  /** The command did its job and nothing crossed the failure threshold. */
  OK(0),
  /** Findings at or above the user's threshold (--fail-on). */
  FINDINGS(1),
  /** The command line was wrong. */
  USAGE(2),
  /** An input could not be read, parsed or verified (image, file, registry, database). */
  INPUT(3),
  /** A defect in Bulwark itself. */
  INTERNAL(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
