package dev.bulwark.image;

import java.util.List;
import java.util.Optional;

/**
 * A resolved image: everything about it except its layers' contents.
 *
 * @param name what the user asked for, for reports
 * @param manifestDigest the digest of the manifest that was read, when there is one
 * @param configDigest the digest of the config blob, which Docker calls the image id
 * @param repoDigests {@code repo@digest} names a registry or daemon knows it by
 */
public record Image(
    String name,
    Optional<Digest> manifestDigest,
    Optional<Digest> configDigest,
    ImageConfig config,
    byte[] rawConfig,
    List<Layer> layers,
    List<String> repoTags,
    List<String> repoDigests) {
  public Image {
    layers = List.copyOf(layers);
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
  }
}
