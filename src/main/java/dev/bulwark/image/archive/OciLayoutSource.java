package dev.bulwark.image.archive;

import dev.bulwark.InputException;
import dev.bulwark.image.Descriptor;
import dev.bulwark.image.Image;
import dev.bulwark.image.ImageDocuments;
import dev.bulwark.image.Layer;
import dev.bulwark.image.ManifestResolver;
import dev.bulwark.image.SourceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An OCI image layout (image-layout.md), as a directory ({@code oci:}) or packed in a tar
 * ({@code oci-archive:}). A tag picks the index entry whose {@code org.opencontainers.image.ref.name}
 * annotation equals it; without one, the layout must hold a single image or a platform index.
 */
public final class OciLayoutSource extends ArchiveImageSource {
  static final String REF_NAME = "org.opencontainers.image.ref.name";

  private final Optional<String> tag;
  private final SourceOptions options;
  private Image image;

  public OciLayoutSource(ArchiveFiles files, Optional<String> tag, String input, SourceOptions options) {
    super(files, input, options.limits());
    this.tag = tag;
    this.options = options;
  }

  @Override
  public synchronized Image image() {
    if (image == null) {
      image = resolve();
    }
    return image;
  }

  private Image resolve() {
    if (files.size("oci-layout").isEmpty()) {
      throw new InputException(input + ": not an OCI image layout (no oci-layout file)");
    }
    byte[] indexBytes = readFile("index.json", ImageDocuments.MAX_MANIFEST_BYTES);
    if (!(ImageDocuments.parse(indexBytes, dev.bulwark.image.MediaTypes.OCI_INDEX, input + " index.json")
        instanceof ImageDocuments.Index index)) {
      throw new InputException(input + ": index.json is not an image index");
    }
    Descriptor root = pick(index);
    ManifestResolver.Documents documents = new ManifestResolver.Documents() {
      @Override
      public byte[] manifest(Descriptor descriptor) {
        return readBlob(descriptor, ImageDocuments.MAX_MANIFEST_BYTES);
      }

      @Override
      public byte[] blob(Descriptor descriptor) {
        return readBlob(descriptor, ImageDocuments.MAX_CONFIG_BYTES);
      }
    };
    ManifestResolver.Resolved resolved = ManifestResolver.resolve(documents, root, options.platform(), input);
    List<String> tags = root.annotation(REF_NAME).map(List::of).orElse(List.of());
    return ManifestResolver.image(input, resolved, Optional.of(resolved.manifestDigest()), tags, List.of(), input);
  }

  private Descriptor pick(ImageDocuments.Index index) {
    if (tag.isPresent()) {
      List<String> names = new ArrayList<>();
      for (Descriptor entry : index.manifests()) {
        Optional<String> name = entry.annotation(REF_NAME);
        if (name.equals(tag)) {
          return entry;
        }
        name.ifPresent(names::add);
      }
      throw new InputException(input + ": no image tagged '" + tag.orElseThrow() + "' (tags: "
          + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
    }
    if (index.manifests().size() == 1) {
      return index.manifests().getFirst();
    }
    if (index.manifests().isEmpty()) {
      throw new InputException(input + ": the layout holds no image");
    }
    if (index.manifests().stream().allMatch(d -> d.platform().isPresent())) {
      return ImageDocuments.select(index, options.platform(), input);
    }
    List<String> names = index.manifests().stream().flatMap(d -> d.annotation(REF_NAME).stream()).toList();
    throw new InputException(input + ": the layout holds " + index.manifests().size()
        + " images; name one as oci:DIR:TAG (tags: " + String.join(", ", names) + ")");
  }

  @Override
  protected String layerPath(Layer layer) {
    return blobPath(layer.blob().orElseThrow().digest());
  }
}
