package dev.bulwark.inventory.java;

/**
 * Ceilings on reading one Java archive and everything nested in it. Archives are untrusted: a
 * zip bomb (an entry that inflates a thousandfold, archives nested in archives) or an absurd
 * central directory must cost bounded time, memory and disk. Reaching a bound stops the reading
 * of that archive with a warning; what was found before is kept.
 *
 * @param maxDepth archives nested inside the analyzed one that are opened ({@code a.war} holding
 *     {@code b.jar} is depth 1; Spring Boot and EAR layouts need 2)
 * @param maxEntries zip entries read across all nesting levels of one analyzed file
 * @param maxExpandedBytes decompressed bytes read across all levels, whatever the archive size
 * @param expansionAllowance decompressed bytes always allowed, before the ratio below applies
 * @param expansionRatio decompressed bytes allowed per byte of the analyzed file beyond the
 *     allowance: jars compress 3–10×, nested jars barely at all, a bomb by 100× and more
 * @param maxDescriptorBytes {@code pom.properties} size (real ones are under 1 KiB)
 * @param maxManifestMainSectionBytes main section of {@code MANIFEST.MF} (OSGi bundles list their
 *     packages there and reach tens of KiB; the per-file sections that follow are not read)
 * @param maxRandomAccessBytes an archive with no zip entry in its first 64 KiB is copied to scratch
 *     and read by its central directory, which is held in memory; larger ones are not read (such
 *     archives are rare, and a large file named {@code .jar} that is no zip should not cost much)
 * @param maxEntryNameChars longest entry name looked at; longer names are skipped
 * @param maxWarnings warnings kept per analyzed file; further ones are counted
 */
public record ArchiveBounds(
    int maxDepth,
    long maxEntries,
    long maxExpandedBytes,
    long expansionAllowance,
    long expansionRatio,
    int maxDescriptorBytes,
    int maxManifestMainSectionBytes,
    long maxRandomAccessBytes,
    int maxEntryNameChars,
    int maxWarnings) {

  public static final ArchiveBounds DEFAULT = new ArchiveBounds(
      16, 1_000_000, 4L << 30, 64L << 20, 100, 64 << 10, 1 << 20, 32L << 20, 4096, 16);

  public ArchiveBounds {
    if (maxDepth < 0 || maxEntries < 1 || maxExpandedBytes < 1 || expansionAllowance < 0 || expansionRatio < 0
        || maxDescriptorBytes < 1 || maxManifestMainSectionBytes < 1 || maxRandomAccessBytes < 0
        || maxEntryNameChars < 1 || maxWarnings < 1) {
      throw new IllegalArgumentException("invalid archive bounds");
    }
  }

  /** Decompressed bytes that may be read for an analyzed file of {@code size} bytes. */
  public long expandedBudget(long size) {
    long ratioPart = size > Long.MAX_VALUE / Math.max(1, expansionRatio) ? Long.MAX_VALUE : size * expansionRatio;
    return Math.min(maxExpandedBytes, expansionAllowance + Math.min(ratioPart, Long.MAX_VALUE - expansionAllowance));
  }
}
