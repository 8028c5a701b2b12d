package dev.bulwark.enforce.log;

import dev.bulwark.InputException;

/**
 * The audit log cannot be opened or written. A guard that meets it while deciding a request denies
 * the request: nothing is allowed that is not on record.
 */
public final class AuditLogException extends InputException {
  public AuditLogException(String message) {
    super(message);
  }

  public AuditLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
