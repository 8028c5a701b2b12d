package dev.bulwark.image;

import dev.bulwark.InputException;
import java.util.Optional;

/**
 * Resolves an image from its root document: an index is narrowed to the requested platform
 * (through nested indexes too), then the manifest's config is read and paired with its layers.
 * Every document read through {@link Documents} must already be digest-verified.
 */
public final class ManifestResolver {
  private static final int MAX_INDEX_DEPTH = 4;

  private ManifestResolver() {}

  /** Content-addressed access to manifests, indexes and config blobs. */
  public interface Documents {
    /** The verified bytes of the manifest or index {@code descriptor} points to. */
    byte[] manifest(Descriptor descriptor);

    /** The verified bytes of the (small) blob {@code descriptor} points to. */
    byte[] blob(Descriptor descriptor);
  }

  public record Resolved(Digest manifestDigest, ImageDocuments.Manifest manifest, ImageConfig config, byte[] rawConfig) {}

  public static Resolved resolve(Documents documents, Descriptor root, byte[] rootBytes, Platform platform, String input) {
    Descriptor current = root;
    byte[] bytes = rootBytes;
    for (int depth = 0; depth <= MAX_INDEX_DEPTH; depth++) {
      ImageDocuments.Document document = ImageDocuments.parse(bytes, current.mediaType(), input);
      switch (document) {
        case ImageDocuments.Index index -> {
          current = ImageDocuments.select(index, platform, input);
          bytes = documents.manifest(current);
        }
        case ImageDocuments.Manifest manifest -> {
          byte[] rawConfig = documents.blob(manifest.config());
          ImageConfig config = ImageDocuments.parseConfig(rawConfig, input + " config " + manifest.config().digest());
          return new Resolved(current.digest(), manifest, config, rawConfig);
        }
      }
    }
    throw new InputException(input + ": indexes nested deeper than " + MAX_INDEX_DEPTH);
  }

  /** Resolves a root document whose bytes have not been read yet. */
  public static Resolved resolve(Documents documents, Descriptor root, Platform platform, String input) {
    return resolve(documents, root, documents.manifest(root), platform, input);
  }

  public static Image image(String name, Resolved resolved, Optional<Digest> manifestDigest,
      java.util.List<String> repoTags, java.util.List<String> repoDigests, String input) {
    return new Image(
        name,
        manifestDigest,
        Optional.of(resolved.manifest().config().digest()),
        resolved.config(),
        resolved.rawConfig(),
        ImageDocuments.layers(resolved.manifest().layers(), resolved.config(), input),
        repoTags,
        repoDigests);
  }
}
