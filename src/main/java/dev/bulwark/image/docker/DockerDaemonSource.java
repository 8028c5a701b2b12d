package dev.bulwark.image.docker;

import dev.bulwark.BulwarkException;
import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.image.Digest;
import dev.bulwark.image.DigestMismatchException;
import dev.bulwark.image.Image;
import dev.bulwark.image.ImageConfig;
import dev.bulwark.image.ImageDocuments;
import dev.bulwark.image.ImageSource;
import dev.bulwark.image.Layer;
import dev.bulwark.image.LayerReader;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.image.docker.wire.ImageInspectJson;
import dev.bulwark.image.wire.ConfigJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An image in the local Docker Engine ({@code docker:NAME}).
 *
 * <p>The Engine API has no call that returns an image's config as stored, only the inspect answer
 * and the {@code docker save} stream, in which the config may come after any layer. So
 * {@link #image()} is built from inspect alone: the config digest is the image id, the layers are
 * inspect's {@code RootFS.Layers}, and the runtime config is inspect's {@code Config}; there is no
 * history and {@code rawConfig} is empty. {@link #readLayers} streams the save once; when the config
 * passes by, its bytes must hash to the image id and list the same diffIDs, and from then on
 * {@link #image()} returns the image built from those exact bytes (history included). A call with
 * no layers (all cached) does not export at all.
 */
public final class DockerDaemonSource implements ImageSource {
  private final String name;
  private final String input;
  private final SourceOptions options;
  private final DockerEngineClient engine;
  private Image image; // guarded by this

  public DockerDaemonSource(String name, SourceOptions options) {
    this(name, options, new DockerEngineClient(DockerHost.fromEnvironment(options.environment())));
  }

  DockerDaemonSource(String name, SourceOptions options, DockerEngineClient engine) {
    this.name = DockerEngineClient.checkName(name);
    this.input = "docker:" + name;
    this.options = options;
    this.engine = engine;
  }

  @Override
  public synchronized Image image() {
    if (image == null) {
      image = fromInspect(engine.inspect(name));
    }
    return image;
  }

  private Image fromInspect(ImageInspectJson json) {
    if (json.id() == null) {
      throw new InputException(input + ": the engine's inspect answer has no Id");
    }
    Digest id;
    try {
      id = Digest.parse(json.id());
    } catch (InputException e) {
      throw new InputException(input + ": the engine's image id: " + e.getMessage());
    }
    List<String> layerIds = json.rootFs() == null || json.rootFs().layers() == null ? List.of()
        : json.rootFs().layers();
    if (layerIds.size() > ImageDocuments.MAX_LAYERS) {
      throw new LimitExceededException(input, "layer count", ImageDocuments.MAX_LAYERS);
    }
    List<Digest> diffIds = new ArrayList<>();
    for (String layer : layerIds) {
      try {
        diffIds.add(Digest.parse(layer));
      } catch (InputException e) {
        throw new InputException(input + ": the engine's RootFS.Layers: " + e.getMessage());
      }
    }
    ConfigJson.RuntimeJson runtime = json.config() != null ? json.config()
        : new ConfigJson.RuntimeJson(null, null, null, null, null, null, null, null);
    ImageConfig config = new ImageConfig(
        Objects.requireNonNullElse(json.os(), ""),
        Objects.requireNonNullElse(json.architecture(), ""),
        Optional.ofNullable(json.variant()).filter(v -> !v.isEmpty()),
        Optional.ofNullable(json.created()).filter(v -> !v.isEmpty()),
        Optional.ofNullable(runtime.user()).filter(v -> !v.isEmpty()),
        orEmpty(runtime.env()),
        orEmpty(runtime.entrypoint()),
        orEmpty(runtime.cmd()),
        Optional.ofNullable(runtime.workingDir()).filter(v -> !v.isEmpty()),
        runtime.labels() == null ? Map.of() : withoutNulls(runtime.labels()),
        runtime.exposedPorts() == null ? List.of() : List.copyOf(new TreeMap<>(runtime.exposedPorts()).keySet()),
        Optional.ofNullable(runtime.healthcheck()).map(h -> orEmpty(h.test())),
        diffIds,
        List.of());
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < diffIds.size(); i++) {
      layers.add(new Layer(i, Optional.of(diffIds.get(i)), Optional.empty()));
    }
    return new Image(input, Optional.empty(), Optional.of(id), config, new byte[0], layers,
        orEmpty(json.repoTags()), orEmpty(json.repoDigests()));
  }

  @Override
  public <R> Map<Layer, R> readLayers(List<Layer> layers, LayerReader<R> reader) {
    if (layers.isEmpty()) {
      return Map.of();
    }
    Image current = image();
    for (Layer layer : layers) {
      if (!current.layers().contains(layer)) {
        throw new IllegalArgumentException(layer.id() + " is not a layer of " + input);
      }
    }
    Digest id = current.configDigest().orElseThrow();
    SaveStream save = new SaveStream(input, options.limits(), id, current.config().diffIds());
    // Export by id, not by name: the name may have been retagged since inspect.
    try (InputStream stream = engine.export(id.toString())) {
      return save.read(stream, layers, reader, this::configSeen);
    } catch (BulwarkException e) {
      throw e;
    } catch (IOException e) {
      throw new InputException(input + ": reading the engine's export: " + e.getMessage(), e);
    }
  }

  /** Checks the config from the save stream against inspect, then serves it from {@link #image()}. */
  private synchronized void configSeen(byte[] raw) {
    Image current = image;
    Digest id = current.configDigest().orElseThrow();
    byte[] computed = id.newHasher().digest(raw);
    if (!id.matches(computed)) {
      throw new DigestMismatchException(input + ": config", id, Digest.of(id.algorithm(), computed).toString());
    }
    ImageConfig config = ImageDocuments.parseConfig(raw, input + " config " + id);
    if (!config.diffIds().equals(current.config().diffIds())) {
      throw new InputException(input + ": the config's diff_ids differ from the engine's RootFS.Layers");
    }
    image = new Image(current.name(), current.manifestDigest(), current.configDigest(), config, raw,
        current.layers(), current.repoTags(), current.repoDigests());
  }

  @Override
  public void close() {}

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
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
