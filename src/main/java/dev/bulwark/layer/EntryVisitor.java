package dev.bulwark.layer;

import java.io.IOException;
import java.io.InputStream;

/** Receives a layer's entries in archive order. */
public interface EntryVisitor {
  /**
   * An entry. For {@link EntryType#FILE}, {@code content} holds exactly its bytes and may be read
   * partly or not at all; it is valid only during this call. For other types it is empty.
   */
  void entry(LayerEntry entry, InputStream content) throws IOException;

  /** {@code .wh.NAME}: {@code path} is removed from the layers below (never from this one). */
  void whiteout(String path);

  /** {@code .wh..wh..opq}: the lower layers' contents of {@code directory} are hidden. */
  void opaque(String directory);

  /** An entry refused for an unsafe or malformed name; the walk goes on. */
  void rejected(String name, String reason);
}
