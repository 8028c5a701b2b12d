package dev.bulwark.enforce.json;

/**
 * A body Go's encoding/json would refuse: a syntax error, or a value of the wrong type for its
 * field. The guard denies such a request; dockerd would have refused it too.
 */
public final class GoJsonException extends RuntimeException {
  public GoJsonException(String message) {
    super(message);
  }
}
