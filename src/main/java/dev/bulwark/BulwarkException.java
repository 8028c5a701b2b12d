package dev.bulwark;

/**
 * The root of Bulwark's errors. Every failure a user can cause or meet carries a message written
 * for them (naming the input and the reason) and the exit code it maps to. Errors are triaged in
 * one place, {@code dev.bulwark.cli.Main}; nothing below the CLI prints or swallows them.
 */
public abstract class BulwarkException extends RuntimeException {
  protected BulwarkException(String message, Throwable cause) {
    super(message, cause);
  }

  public abstract ExitCode exitCode();
}
