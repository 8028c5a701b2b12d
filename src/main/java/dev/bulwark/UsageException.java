package dev.bulwark;

/** The command line or a reference the user typed is malformed. */
public class UsageException extends BulwarkException {
  public UsageException(String message) {
    super(message, null);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.USAGE;
  }
}
