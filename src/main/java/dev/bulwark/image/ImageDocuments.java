package dev.bulwark.image;

import com.fasterxml.jackson.core.JacksonException;
import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.image.wire.ConfigJson;
import dev.bulwark.image.wire.DescriptorJson;
import dev.bulwark.image.wire.ManifestJson;
import dev.bulwark.io.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Parses and validates the JSON documents of an image (index, manifest, config) into domain values.
 * All of them are untrusted: sizes and counts are bounded and every digest is checked for form.
 */
public final class ImageDocuments {
  /** The distribution spec lets registries refuse manifests over 4 MiB; so do we. */
  public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  public static final int MAX_CONFIG_BYTES = 8 * 1024 * 1024;
  public static final int MAX_LAYERS = 1024;
  public static final int MAX_INDEX_ENTRIES = 4096;

  private ImageDocuments() {}

  /** A manifest or an index. */
  public sealed interface Document {}

  public record Manifest(Descriptor config, List<Descriptor> layers) implements Document {
    public Manifest {
      layers = List.copyOf(layers);
    }
  }

  public record Index(List<Descriptor> manifests) implements Document {
    public Index {
      manifests = List.copyOf(manifests);
    }
  }

  /**
   * Parses a manifest or index. {@code declaredMediaType} is what the transport said (an HTTP
   * Content-Type, an index entry); the document's own mediaType field wins when present.
   */
  public static Document parse(byte[] bytes, String declaredMediaType, String input) {
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new LimitExceededException(input, "manifest size", MAX_MANIFEST_BYTES);
    }
    ManifestJson json = read(bytes, ManifestJson.class, input);
    if (json.schemaVersion() != null && json.schemaVersion() != 2) {
      throw new InputException(
          input + ": manifest schema version " + json.schemaVersion()
              + " is not supported (Docker schema 1 images are deprecated; re-push the image)");
    }
    String mediaType = json.mediaType() != null ? json.mediaType() : declaredMediaType;
    boolean index =
        MediaTypes.INDEXES.contains(mediaType)
            || (!MediaTypes.MANIFESTS.contains(mediaType) && json.manifests() != null && json.layers() == null);
    if (index) {
      List<DescriptorJson> entries = orEmpty(json.manifests());
      if (entries.size() > MAX_INDEX_ENTRIES) {
        throw new LimitExceededException(input, "index entry count", MAX_INDEX_ENTRIES);
      }
      List<Descriptor> manifests = new ArrayList<>();
      for (DescriptorJson entry : entries) {
        manifests.add(descriptor(entry, input + " index entry"));
      }
      return new Index(manifests);
    }
    if (json.config() == null || json.layers() == null) {
      throw new InputException(input + ": not an image manifest (no config or layers)");
    }
    if (json.layers().size() > MAX_LAYERS) {
      throw new LimitExceededException(input, "layer count", MAX_LAYERS);
    }
    List<Descriptor> layers = new ArrayList<>();
    for (DescriptorJson layer : json.layers()) {
      Descriptor descriptor = descriptor(layer, input + " layer");
      if (MediaTypes.isForeignLayer(descriptor.mediaType())) {
        throw new InputException(
            input + ": layer " + descriptor.digest() + " is a foreign layer (" + descriptor.mediaType()
                + "), which is only served elsewhere; Bulwark reads Linux images");
      }
      layers.add(descriptor);
    }
    return new Manifest(descriptor(json.config(), input + " config"), layers);
  }

  /** Picks the manifest for {@code platform} from an index, or fails naming what is there. */
  public static Descriptor select(Index index, Platform platform, String input) {
    List<String> available = new ArrayList<>();
    for (Descriptor entry : index.manifests()) {
      if (entry.platform().isEmpty()) {
        continue;
      }
      Platform candidate = entry.platform().orElseThrow();
      if (platform.accepts(candidate)) {
        return entry;
      }
      if (!candidate.os().equals("unknown")) { // attestation manifests say unknown/unknown
        available.add(candidate.toString());
      }
    }
    throw new InputException(
        input + ": no image for platform " + platform + " (the index has: "
            + (available.isEmpty() ? "none" : String.join(", ", available)) + ")");
  }

  public static ImageConfig parseConfig(byte[] bytes, String input) {
    if (bytes.length > MAX_CONFIG_BYTES) {
      throw new LimitExceededException(input, "config size", MAX_CONFIG_BYTES);
    }
    ConfigJson json = read(bytes, ConfigJson.class, input);
    List<Digest> diffIds = new ArrayList<>();
    if (json.rootfs() != null) {
      for (String diffId : orEmpty(json.rootfs().diffIds())) {
        diffIds.add(digest(diffId, input + " diff_id"));
      }
    }
    if (diffIds.size() > MAX_LAYERS) {
      throw new LimitExceededException(input, "layer count", MAX_LAYERS);
    }
    List<ImageConfig.HistoryEntry> history = new ArrayList<>();
    for (ConfigJson.HistoryJson entry : orEmpty(json.history())) {
      if (entry == null) {
        continue;
      }
      history.add(
          new ImageConfig.HistoryEntry(
              Optional.ofNullable(entry.created()),
              Optional.ofNullable(entry.createdBy()),
              Optional.ofNullable(entry.comment()),
              Boolean.TRUE.equals(entry.emptyLayer())));
    }
    ConfigJson.RuntimeJson runtime =
        json.config() != null
            ? json.config()
            : new ConfigJson.RuntimeJson(null, null, null, null, null, null, null, null);
    return new ImageConfig(
        Optional.ofNullable(json.os()).orElse(""),
        Optional.ofNullable(json.architecture()).orElse(""),
        Optional.ofNullable(json.variant()),
        Optional.ofNullable(json.created()),
        Optional.ofNullable(runtime.user()),
        orEmpty(runtime.env()),
        orEmpty(runtime.entrypoint()),
        orEmpty(runtime.cmd()),
        Optional.ofNullable(runtime.workingDir()).filter(s -> !s.isEmpty()),
        runtime.labels() == null ? Map.of() : new TreeMap<>(withoutNulls(runtime.labels())),
        runtime.exposedPorts() == null ? List.of() : List.copyOf(new TreeMap<>(runtime.exposedPorts()).keySet()),
        Optional.ofNullable(runtime.healthcheck()).map(h -> orEmpty(h.test())),
        diffIds,
        history);
  }

  /** Pairs a manifest's layer blobs with the config's diffIDs, which must agree in number. */
  public static List<Layer> layers(List<Descriptor> blobs, ImageConfig config, String input) {
    if (blobs.size() != config.diffIds().size()) {
      throw new InputException(
          input + ": the manifest lists " + blobs.size() + " layers but the config has "
              + config.diffIds().size() + " diff_ids");
    }
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < blobs.size(); i++) {
      layers.add(new Layer(i, Optional.of(config.diffIds().get(i)), Optional.of(blobs.get(i))));
    }
    return layers;
  }

  public static Descriptor descriptor(DescriptorJson json, String input) {
    if (json == null || json.digest() == null || json.size() == null) {
      throw new InputException(input + ": descriptor lacks a digest or size");
    }
    Optional<Platform> platform = Optional.empty();
    if (json.platform() != null && json.platform().os() != null && json.platform().architecture() != null) {
      platform =
          Optional.of(
              new Platform(
                  json.platform().os(),
                  json.platform().architecture(),
                  Optional.ofNullable(json.platform().variant()).filter(v -> !v.isEmpty())));
    }
    return new Descriptor(
        Optional.ofNullable(json.mediaType()).orElse(""),
        digest(json.digest(), input),
        json.size(),
        platform,
        json.annotations() == null ? Map.of() : withoutNulls(json.annotations()));
  }

  private static Digest digest(String text, String input) {
    try {
      return Digest.parse(text);
    } catch (InputException e) {
      throw new InputException(input + ": " + e.getMessage());
    }
  }

  private static <T> T read(byte[] bytes, Class<T> type, String input) {
    try {
      T value = Json.mapper().readValue(bytes, type);
      if (value == null) {
        throw new InputException(input + ": empty JSON document");
      }
      return value;
    } catch (JacksonException e) {
      throw new InputException(input + ": malformed JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new InputException(input + ": unreadable: " + e.getMessage(), e);
    }
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list.stream().filter(java.util.Objects::nonNull).toList();
  }

  private static Map<String, String> withoutNulls(Map<String, String> map) {
    Map<String, String> result = new TreeMap<>();
    map.forEach((k, v) -> {
      if (k != null && v != null) {
        result.put(k, v);
      }
    });
    return result;
  }
}
