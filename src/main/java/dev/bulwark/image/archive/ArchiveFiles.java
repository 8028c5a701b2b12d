package dev.bulwark.image.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/**
 * The files of an image on disk, laid out as a directory or packed in a tar: OCI image layouts and
 * {@code docker save} output. Paths are the layout's own relative names ({@code index.json},
 * {@code blobs/sha256/…}); implementations never resolve them outside the layout.
 */
public interface ArchiveFiles extends AutoCloseable {
  /** The size of the regular file at {@code path}, or empty if there is none. */
  OptionalLong size(String path);

  /** Opens the regular file at {@code path}; safe to call from several threads at once. */
  InputStream open(String path) throws IOException;

  /** The name of the archive for messages. */
  String name();

  @Override
  void close();
}
