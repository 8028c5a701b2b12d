package dev.bulwark.image.registry;

import dev.bulwark.InputException;
import dev.bulwark.image.Descriptor;
import dev.bulwark.image.Image;
import dev.bulwark.image.ImageDocuments;
import dev.bulwark.image.ImageSource;
import dev.bulwark.image.Layer;
import dev.bulwark.image.LayerBlobs;
import dev.bulwark.image.LayerReader;
import dev.bulwark.image.ManifestResolver;
import dev.bulwark.image.ParallelLayers;
import dev.bulwark.image.RegistryReference;
import dev.bulwark.image.SourceOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image in a registry (OCI distribution spec). {@link #image()} pulls the manifest (narrowing an
 * index to the options' platform) and the config; {@link #readLayers} streams each layer blob
 * straight from the registry through {@link LayerBlobs}, several at once, never staging the image
 * on disk. {@link Image#repoDigests()} is {@code host/repo@digest} of the document the reference
 * named (the index, for a multi-platform image), as Docker records it.
 */
public final class RegistrySource implements ImageSource {
  private final RegistryReference reference;
  private final SourceOptions options;
  private final RegistryClient client;
  private final String input;
  private Image image;

  public RegistrySource(RegistryReference reference, SourceOptions options) {
    this(reference, options, RegistryClient.create(reference, options));
  }

  RegistrySource(RegistryReference reference, SourceOptions options, RegistryClient client) {
    this.reference = reference;
    this.options = options;
    this.client = client;
    this.input = reference.toString();
  }

  @Override
  public synchronized Image image() {
    if (image == null) {
      image = resolve();
    }
    return image;
  }

  private Image resolve() {
    String repository = reference.repository();
    ManifestPull.Pulled root = client.call(
        new ManifestPull(repository, reference.manifestReference(), reference.digest(), client.where()));
    Descriptor rootDescriptor = Descriptor.of(root.mediaType(), root.digest(), root.bytes().length);
    ManifestResolver.Documents documents = new ManifestResolver.Documents() {
      @Override
      public byte[] manifest(Descriptor descriptor) {
        ManifestPull.Pulled pulled = client.call(new ManifestPull(repository, descriptor.digest().toString(),
            Optional.of(descriptor.digest()), client.where()));
        if (pulled.bytes().length != descriptor.size()) {
          throw new InputException(client.where() + ": manifest " + descriptor.digest() + " is "
              + pulled.bytes().length + " bytes, but its index entry declares " + descriptor.size());
        }
        return pulled.bytes();
      }

      @Override
      public byte[] blob(Descriptor descriptor) {
        return client.call(BlobPull.small(repository, descriptor, ImageDocuments.MAX_CONFIG_BYTES, client.where()));
      }
    };
    ManifestResolver.Resolved resolved =
        ManifestResolver.resolve(documents, rootDescriptor, root.bytes(), options.platform(), input);
    String name = reference.registry() + "/" + repository;
    List<String> tags = reference.tag().map(tag -> List.of(name + ":" + tag)).orElse(List.of());
    List<String> digests = List.of(name + "@" + root.digest());
    return ManifestResolver.image(input, resolved, Optional.of(resolved.manifestDigest()), tags, digests, input);
  }

  @Override
  public <R> Map<Layer, R> readLayers(List<Layer> layers, LayerReader<R> reader) {
    return ParallelLayers.map(layers, layer -> {
      Descriptor blob = layer.blob().orElseThrow(() -> new IllegalArgumentException("not a layer of this image"));
      return client.call(new BlobPull<>(reference.repository(), blob.digest(), "layer " + blob.digest(),
          body -> LayerBlobs.read(body, layer, input, options.limits(), reader)));
    });
  }

  @Override
  public void close() {
    client.close();
  }
}
