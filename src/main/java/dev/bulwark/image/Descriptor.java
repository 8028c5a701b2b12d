package dev.bulwark.image;

import dev.bulwark.InputException;
import java.util.Map;
import java.util.Optional;

/** A content descriptor: what a manifest or index says about a blob it points to. */
public record Descriptor(
    String mediaType, Digest digest, long size, Optional<Platform> platform, Map<String, String> annotations) {
  public Descriptor {
    if (size < 0) {
      throw new InputException("descriptor " + digest + " has a negative size");
    }
    annotations = Map.copyOf(annotations);
  }

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, Optional.empty(), Map.of());
  }

  public Optional<String> annotation(String key) {
    return Optional.ofNullable(annotations.get(key));
  }
}
