package dev.bulwark.inventory;

import dev.bulwark.cache.LayerCache;
import dev.bulwark.fs.FilesystemView;
import dev.bulwark.image.Digest;
import dev.bulwark.image.Image;
import dev.bulwark.image.ImageSource;
import dev.bulwark.image.Layer;
import dev.bulwark.image.LayerContent;
import dev.bulwark.io.Limits;
import dev.bulwark.io.Scratch;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Inventories an image: layers found in the cache are not read again; the others stream once
 * through the analyzers (in parallel when there are several) and are cached after both their
 * digests verified; then the layers are stacked and the facts assembled.
 */
public final class InventoryService {
  private final List<Analyzer> analyzers;
  private final Optional<LayerCache> cache;
  private final Limits limits;
  private final Progress progress;
  private final String analyzersSignature;

  public InventoryService(List<Analyzer> analyzers, Optional<LayerCache> cache, Limits limits, Progress progress) {
    this.analyzers = List.copyOf(analyzers);
    this.cache = cache;
    this.limits = limits;
    this.progress = progress;
    Set<String> versions = new TreeSet<>();
    for (Analyzer analyzer : analyzers) {
      versions.add(analyzer.type() + ":" + analyzer.version());
    }
    this.analyzersSignature = "codec:" + LayerIndexCodec.FORMAT + ";" + String.join(";", versions);
  }

  /**
   * An image's inventory and the filesystem its layers stack to, for checks that look at more than
   * packages (file modes, links). The view is complete: callers only query it.
   */
  public record Stacked(Inventory inventory, FilesystemView view) {}

  public Inventory inventory(ImageSource source, String input) {
    return stack(source, input).inventory();
  }

  /** As {@link #inventory}, keeping the stacked filesystem too. */
  public Stacked stack(ImageSource source, String input) {
    Image image = source.image();
    Map<Layer, LayerIndex> indexes = new HashMap<>();
    Map<Layer, Set<Digest>> knownBlobs = new HashMap<>();
    List<Layer> missing = new ArrayList<>();
    for (Layer layer : image.layers()) {
      Optional<LayerIndexCodec.CachedLayer> cached = lookup(layer);
      cached.ifPresent(c -> knownBlobs.put(layer, c.verifiedBlobs()));
      boolean blobVerified = layer.blob().isEmpty()
          || cached.map(c -> c.verifiedBlobs().contains(layer.blob().orElseThrow().digest())).orElse(false);
      if (cached.isPresent() && blobVerified) {
        indexes.put(layer, cached.orElseThrow().index());
      } else {
        missing.add(layer);
      }
    }
    progress.layersToRead(missing.size(), image.layers().size() - missing.size());
    try (Scratch scratch = Scratch.inTempDir()) {
      LayerScanner scanner = new LayerScanner(analyzers, limits, scratch);
      Map<Layer, LayerIndex> read = source.readLayers(missing, (layer, content) -> {
        LayerIndex index = scanner.scan(layer, counted(content), input);
        progress.layerDone();
        return index;
      });
      for (Map.Entry<Layer, LayerIndex> entry : read.entrySet()) {
        indexes.put(entry.getKey(), entry.getValue());
        store(entry.getKey(), entry.getValue(), knownBlobs.getOrDefault(entry.getKey(), Set.of()));
      }
    }
    FilesystemView view = new FilesystemView();
    List<LayerIndex> ordered = new ArrayList<>();
    List<Optional<Digest>> diffIds = new ArrayList<>();
    for (Layer layer : image.layers()) {
      LayerIndex index = indexes.get(layer);
      view.apply(layer.index(), index.entries(), index.whiteouts(), index.opaques());
      ordered.add(index);
      diffIds.add(layer.diffId());
    }
    Inventory inventory = new InventoryAssembler(ordered, diffIds, view).assemble(ImageSummary.of(image));
    progress.finished();
    return new Stacked(inventory, view);
  }

  private Optional<LayerIndexCodec.CachedLayer> lookup(Layer layer) {
    if (cache.isEmpty() || layer.diffId().isEmpty()) {
      return Optional.empty();
    }
    String key = key(layer.diffId().orElseThrow());
    Optional<byte[]> bytes = cache.orElseThrow().get(key);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LayerIndexCodec.decode(bytes.orElseThrow()));
    } catch (IOException | RuntimeException e) {
      cache.orElseThrow().remove(key);
      return Optional.empty();
    }
  }

  private void store(Layer layer, LayerIndex index, Set<Digest> alreadyVerified) {
    if (cache.isEmpty() || layer.diffId().isEmpty()) {
      return;
    }
    Set<Digest> verified = new HashSet<>(alreadyVerified);
    layer.blob().ifPresent(blob -> verified.add(blob.digest()));
    cache.orElseThrow().put(key(layer.diffId().orElseThrow()),
        LayerIndexCodec.encode(new LayerIndexCodec.CachedLayer(index, verified)));
  }

  private String key(Digest diffId) {
    return Digest.sha256((analyzersSignature + "|" + diffId).getBytes(StandardCharsets.UTF_8)).hex();
  }

  private LayerContent counted(LayerContent content) {
    if (!(content instanceof LayerContent.Tar tar)) {
      return content;
    }
    return new LayerContent.Tar(new FilterInputStream(tar.stream()) {
      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          progress.bytesRead(n);
        }
        return n;
      }
    });
  }
}
