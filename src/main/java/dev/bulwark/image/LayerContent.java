package dev.bulwark.image;

import java.io.InputStream;
import java.nio.file.Path;

/** What a layer's reader gets: an uncompressed tar stream, or a directory tree to walk. */
public sealed interface LayerContent {
  /** The uncompressed layer tar; the reader may stop early, the source drains and verifies. */
  record Tar(InputStream stream) implements LayerContent {}

  /** An unpacked root filesystem (the {@code dir:} source); never followed out of {@code root}. */
  record Tree(Path root) implements LayerContent {}
}
