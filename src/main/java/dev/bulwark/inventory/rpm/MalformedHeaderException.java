package dev.bulwark.inventory.rpm;

import dev.bulwark.InputException;

/** One package header blob is malformed; the database around it may still be readable. */
final class MalformedHeaderException extends InputException {
  MalformedHeaderException(String message) {
    super(message);
  }
}
