package dev.bulwark.vuln.cvss;

import dev.bulwark.InputException;

/** A CVSS vector that does not follow its specification; the message quotes it and says why. */
public final class InvalidCvssException extends InputException {
  public InvalidCvssException(String vector, String reason) {
    super("CVSS vector '" + (vector.length() > 200 ? vector.substring(0, 200) + "…" : vector) + "': " + reason);
  }
}
