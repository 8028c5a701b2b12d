package dev.bulwark.io;

/**
 * Bounds on untrusted input. Every reader of images and package databases takes its ceilings from
 * here, so they are stated in one place (and in the README) and can be raised deliberately.
 *
 * @param maxLayerBytes uncompressed size of one layer (a decompression bomb stops here)
 * @param maxEntriesPerLayer tar entries in one layer
 * @param maxPathBytes length of one path inside an image
 * @param maxAnalyzedFileBytes size of one file handed to an analyzer (a package database, an archive)
 * @param maxInMemoryFileBytes files up to this size are buffered in memory; larger ones spill to disk
 */
public record Limits(
    long maxLayerBytes,
    int maxEntriesPerLayer,
    int maxPathBytes,
    long maxAnalyzedFileBytes,
    int maxInMemoryFileBytes) {
  public static final Limits DEFAULT =
      new Limits(64L << 30, 2_000_000, 4096, 1L << 30, 8 << 20);
}
