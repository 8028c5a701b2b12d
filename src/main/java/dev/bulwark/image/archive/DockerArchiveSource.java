package dev.bulwark.image.archive;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.image.Digest;
import dev.bulwark.image.Image;
import dev.bulwark.image.ImageConfig;
import dev.bulwark.image.ImageDocuments;
import dev.bulwark.image.Layer;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.image.wire.DockerSaveManifestJson;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tar {@code docker save} writes (and skopeo's docker-archive): {@code manifest.json} names the
 * config and the layer tars in order. There are no blob descriptors, so each layer is verified
 * against the config's diffID over its uncompressed content; the config itself against the digest
 * its file name carries.
 */
public final class DockerArchiveSource extends ArchiveImageSource {
  private static final Pattern HEX_NAME = Pattern.compile("(?:blobs/sha256/)?([0-9a-f]{64})(?:\\.json)?");

  private final List<String> layerPaths = new ArrayList<>();
  private Image image;

  public DockerArchiveSource(ArchiveFiles files, String input, SourceOptions options) {
    super(files, input, options.limits());
  }

  @Override
  public synchronized Image image() {
    if (image == null) {
      image = resolve();
    }
    return image;
  }

  private Image resolve() {
    if (files.size("manifest.json").isEmpty()) {
      throw new InputException(input + ": not a docker-archive (no manifest.json)"
          + (files.size("index.json").isPresent() ? "; it looks like an OCI archive, use oci-archive:" : ""));
    }
    byte[] manifestBytes = readFile("manifest.json", ImageDocuments.MAX_MANIFEST_BYTES);
    List<DockerSaveManifestJson> entries;
    try {
      entries = Json.mapper().readValue(manifestBytes, new TypeReference<List<DockerSaveManifestJson>>() {});
    } catch (JacksonException e) {
      throw new InputException(input + ": malformed manifest.json: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InputException(input + ": unreadable manifest.json: " + e.getMessage(), e);
    }
    if (entries == null || entries.isEmpty()) {
      throw new InputException(input + ": manifest.json lists no image");
    }
    if (entries.size() > 1) {
      throw new InputException(input + ": the archive holds " + entries.size()
          + " images; Bulwark reads archives of one image (save them separately)");
    }
    DockerSaveManifestJson entry = entries.getFirst();
    if (entry.config() == null || entry.layers() == null) {
      throw new InputException(input + ": manifest.json entry lacks Config or Layers");
    }
    if (entry.layers().size() > ImageDocuments.MAX_LAYERS) {
      throw new LimitExceededException(input, "layer count", ImageDocuments.MAX_LAYERS);
    }
    byte[] rawConfig = readFile(entry.config(), ImageDocuments.MAX_CONFIG_BYTES);
    Optional<Digest> configDigest = Optional.empty();
    Matcher name = HEX_NAME.matcher(entry.config());
    if (name.matches()) {
      Digest expected = new Digest("sha256", name.group(1));
      checkDigest(rawConfig, expected, "config " + entry.config());
      configDigest = Optional.of(expected);
    } else {
      configDigest = Optional.of(Digest.sha256(rawConfig));
    }
    ImageConfig config = ImageDocuments.parseConfig(rawConfig, input + " config");
    if (config.diffIds().size() != entry.layers().size()) {
      throw new InputException(input + ": manifest.json lists " + entry.layers().size()
          + " layers but the config has " + config.diffIds().size() + " diff_ids");
    }
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < entry.layers().size(); i++) {
      layerPaths.add(entry.layers().get(i));
      layers.add(new Layer(i, Optional.of(config.diffIds().get(i)), Optional.empty()));
    }
    List<String> tags = entry.repoTags() == null ? List.of() : entry.repoTags();
    return new Image(input, Optional.empty(), configDigest, config, rawConfig, layers, tags, List.of());
  }

  @Override
  protected String layerPath(Layer layer) {
    image();
    return layerPaths.get(layer.index());
  }
}
