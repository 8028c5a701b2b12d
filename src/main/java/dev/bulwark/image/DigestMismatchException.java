package dev.bulwark.image;

import dev.bulwark.InputException;

/** A blob's content does not hash to the digest its manifest or config promised. */
public class DigestMismatchException extends InputException {
  public DigestMismatchException(String what, Digest expected, String actual) {
    super(what + ": digest mismatch: expected " + expected + ", content hashes to " + actual
        + "; the image is corrupt or was tampered with");
  }
}
