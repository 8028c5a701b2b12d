package dev.bulwark;

/**
 * An input could not be read, parsed, trusted or reached: an image, a layer, a registry, a file.
 * The message names the input and says why.
 */
public class InputException extends BulwarkException {
  public InputException(String message) {
    super(message, null);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ExitCode exitCode() {
    return ExitCode.INPUT;
  }
}
