package dev.bulwark.audit.source.image;

import dev.bulwark.fs.FilesystemView;
import dev.bulwark.fs.Node;
import dev.bulwark.image.Layer;
import dev.bulwark.image.ImageSource;
import dev.bulwark.inventory.LayerIndex;
import dev.bulwark.inventory.LayerScanner;
import dev.bulwark.io.Limits;
import dev.bulwark.io.Scratch;
import dev.bulwark.layer.EntryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The set-user-ID and set-group-ID files an image's filesystem holds once its layers are stacked (a
 * file a later layer removes or replaces does not count). The inventory keeps no file modes, so the
 * layers' entries are walked again here, with no analyzer: a second read of every layer. Moving this
 * list into the inventory (its filesystem view has the modes) would save that read.
 */
final class SetuidFiles {
  private static final int SETUID_SETGID = 06000;

  private SetuidFiles() {}

  /** The paths, sorted; {@code input} names the image in errors. */
  static List<String> read(ImageSource source, Limits limits, String input) {
    List<Layer> layers = source.image().layers();
    Map<Layer, LayerIndex> indexes;
    try (Scratch scratch = Scratch.inTempDir()) {
      LayerScanner scanner = new LayerScanner(List.of(), limits, scratch);
      indexes = source.readLayers(layers, (layer, content) -> scanner.scan(layer, content, input));
    }
    FilesystemView view = new FilesystemView();
    for (Layer layer : layers) {
      LayerIndex index = indexes.get(layer);
      view.apply(layer.index(), index.entries(), index.whiteouts(), index.opaques());
    }
    List<String> result = new ArrayList<>();
    for (Map.Entry<String, Node> entry : view.nodes().entrySet()) {
      Node node = entry.getValue();
      if (node.type() == EntryType.FILE && (node.mode() & SETUID_SETGID) != 0) {
        result.add(entry.getKey());
      }
    }
    return List.copyOf(result);
  }
}
