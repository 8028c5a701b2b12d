package dev.bulwark.image;

import java.util.Optional;

/**
 * One layer of an image, bottom first. {@code diffId} is the digest of the uncompressed tar the
 * config promises; {@code blob} is the (possibly compressed) blob the manifest points to. A root
 * filesystem read from a directory is a single layer with neither.
 */
public record Layer(int index, Optional<Digest> diffId, Optional<Descriptor> blob) {
  /** A short name for messages: the diffID, else the blob digest, else the position. */
  public String id() {
    return diffId.or(() -> blob.map(Descriptor::digest)).map(Digest::toString).orElse("layer " + index);
  }
}
