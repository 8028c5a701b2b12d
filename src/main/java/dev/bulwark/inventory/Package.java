package dev.bulwark.inventory;

import dev.bulwark.image.Digest;
import java.util.List;
import java.util.Optional;

/**
 * A package placed in the image: what its file recorded, its Package URL, the layer that
 * introduced it, where it was found, and, for a language package whose files an OS package
 * installed, the owner (such a package is judged by its distribution's advisories only).
 *
 * @param layer index of the layer that introduced the package, bottom first
 * @param locations the files it was found in, absolute; {@code /app.jar!/BOOT-INF/lib/x.jar} for
 *     an archive inside an archive
 * @param ownedBy the Package URL of the OS package that installed the file, if one did
 * @param foundBy the analyzer type that reported it
 */
public record Package(
    PackageRecord record,
    String purl,
    int layer,
    Optional<Digest> layerDiffId,
    List<String> locations,
    Optional<String> ownedBy,
    String foundBy) {
  public Package {
    locations = List.copyOf(locations);
  }

  public PackageType type() {
    return record.type();
  }

  public String name() {
    return record.name();
  }

  public String version() {
    return record.version();
  }
}
