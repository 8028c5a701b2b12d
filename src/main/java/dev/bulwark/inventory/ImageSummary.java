package dev.bulwark.inventory;

import dev.bulwark.image.Digest;
import dev.bulwark.image.Image;
import dev.bulwark.image.ImageConfig;
import dev.bulwark.image.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a report says about the image itself. */
public record ImageSummary(
    String name,
    Optional<Digest> manifestDigest,
    Optional<Digest> configDigest,
    String os,
    String architecture,
    List<LayerSummary> layers,
    List<String> repoTags,
    List<String> repoDigests) {
  public ImageSummary {
    layers = List.copyOf(layers);
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
  }

  /** One layer: its digests, and the instruction that made it when the history says. */
  public record LayerSummary(int index, Optional<Digest> diffId, Optional<Digest> blobDigest, Optional<String> createdBy) {}

  public static ImageSummary of(Image image) {
    List<Optional<ImageConfig.HistoryEntry>> history = image.config().historyByLayer();
    List<LayerSummary> layers = new ArrayList<>();
    for (Layer layer : image.layers()) {
      Optional<String> createdBy =
          layer.index() < history.size()
              ? history.get(layer.index()).flatMap(ImageConfig.HistoryEntry::createdBy)
              : Optional.empty();
      layers.add(new LayerSummary(layer.index(), layer.diffId(), layer.blob().map(b -> b.digest()), createdBy));
    }
    return new ImageSummary(image.name(), image.manifestDigest(), image.configDigest(), image.config().os(),
        image.config().architecture(), layers, image.repoTags(), image.repoDigests());
  }
}
