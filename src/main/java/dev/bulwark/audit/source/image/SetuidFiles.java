package dev.bulwark.audit.source.image;

import dev.bulwark.fs.FilesystemView;
import dev.bulwark.fs.Node;
import dev.bulwark.layer.EntryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The set-user-ID and set-group-ID files an image's filesystem holds once its layers are stacked (a
 * file a later layer removes or replaces does not count), read from the view the inventory stacked:
 * no second read of the layers, and a cached layer needs no read at all.
 */
final class SetuidFiles {
  private static final int SETUID_SETGID = 06000;

  private SetuidFiles() {}

  /** The paths, sorted. */
  static List<String> in(FilesystemView view) {
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
