package dev.bulwark.audit.source.tree;

import dev.bulwark.InputException;

/** A document that is malformed or of the wrong shape, named by file, line and field. */
public final class TreeException extends InputException {
  public TreeException(String message) {
    super(message);
  }

  public TreeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code compose.yaml:12: services.web.privileged: expected true or false, got "maybe"}. */
  static String where(String source, int line, String path) {
    return source + (line > 0 ? ":" + line : "") + (path.isEmpty() ? "" : ": " + path);
  }
}
