package dev.bulwark.image.archive;

import dev.bulwark.BulwarkException;
import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.image.Descriptor;
import dev.bulwark.image.Digest;
import dev.bulwark.image.DigestMismatchException;
import dev.bulwark.image.Image;
import dev.bulwark.image.ImageSource;
import dev.bulwark.image.Layer;
import dev.bulwark.image.LayerBlobs;
import dev.bulwark.image.LayerReader;
import dev.bulwark.image.ParallelLayers;
import dev.bulwark.io.Bounded;
import dev.bulwark.io.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Common ground of the sources that read an image from files ({@link OciLayoutSource},
 * {@link DockerArchiveSource}): where each layer lives, and reading it through {@link LayerBlobs}.
 */
abstract class ArchiveImageSource implements ImageSource {
  protected final ArchiveFiles files;
  protected final String input;
  protected final Limits limits;

  ArchiveImageSource(ArchiveFiles files, String input, Limits limits) {
    this.files = files;
    this.input = input;
    this.limits = limits;
  }

  /** The archive path of a layer's content. */
  protected abstract String layerPath(Layer layer);

  @Override
  public <R> Map<Layer, R> readLayers(List<Layer> layers, LayerReader<R> reader) {
    return ParallelLayers.map(layers, layer -> {
      String path = layerPath(layer);
      try (InputStream raw = files.open(path)) {
        return LayerBlobs.read(raw, layer, input, limits, reader);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new InputException(input + ": layer " + layer.id() + " is missing from the archive (" + path + ")");
      } catch (IOException e) {
        throw new InputException(input + ": cannot read layer " + layer.id() + ": " + e.getMessage(), e);
      }
    });
  }

  /** Reads a small file whole, bounded. */
  protected byte[] readFile(String path, long limit) {
    OptionalLong size = files.size(path);
    if (size.isEmpty()) {
      throw new InputException(input + ": " + path + " is missing");
    }
    if (size.getAsLong() > limit) {
      throw new LimitExceededException(input + ": " + path, "size", limit);
    }
    try (InputStream in = files.open(path)) {
      return Bounded.readAll(in, limit, input + ": " + path);
    } catch (IOException e) {
      throw new InputException(input + ": cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Reads a small blob of an OCI layout whole and checks its digest. */
  protected byte[] readBlob(Descriptor descriptor, long limit) {
    byte[] bytes = readFile(blobPath(descriptor.digest()), Math.min(limit, descriptor.size()));
    checkDigest(bytes, descriptor.digest(), "blob " + descriptor.digest());
    return bytes;
  }

  protected void checkDigest(byte[] bytes, Digest expected, String what) {
    byte[] computed = expected.newHasher().digest(bytes);
    if (!expected.matches(computed)) {
      throw new DigestMismatchException(input + ": " + what, expected,
          Digest.of(expected.algorithm(), computed).toString());
    }
  }

  protected static String blobPath(Digest digest) {
    return "blobs/" + digest.algorithm() + "/" + digest.hex();
  }

  @Override
  public void close() {
    files.close();
  }

  static RuntimeException rethrow(RuntimeException e, ArchiveFiles files) {
    files.close();
    return e instanceof BulwarkException ? e : new InputException(e.getMessage(), e);
  }

  @Override
  public abstract Image image();
}
