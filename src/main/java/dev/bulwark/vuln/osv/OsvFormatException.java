package dev.bulwark.vuln.osv;

import dev.bulwark.InputException;

/** An OSV document that cannot be read or breaks a rule of the schema; the message names it. */
public final class OsvFormatException extends InputException {
  public OsvFormatException(String message) {
    super(message);
  }

  public OsvFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
