package dev.bulwark.inventory;

/** Where a long inventory reports how far it got; the CLI draws it on a terminal. */
public interface Progress {
  Progress NONE = new Progress() {};

  /** {@code count} layers must be read (the others came from the cache). */
  default void layersToRead(int count, int cached) {}

  /** Uncompressed layer bytes read so far grew by {@code count}. */
  default void bytesRead(long count) {}

  default void layerDone() {}

  default void finished() {}
}
