package dev.bulwark.report.sbom;

import dev.bulwark.image.Digest;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.Package;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Identifiers derived from content, so the same inventory always gets the same document ids. */
final class Identifiers {
  private Identifiers() {}

  /** A name-based UUID over the image identity and every package, for serial numbers and namespaces. */
  static UUID documentUuid(Inventory inventory, String toolVersion) {
    StringBuilder text = new StringBuilder(toolVersion).append('\n').append(inventory.image().name()).append('\n');
    inventory.image().configDigest().ifPresent(d -> text.append(d).append('\n'));
    for (Package p : inventory.packages()) {
      text.append(p.purl()).append(' ').append(String.join(",", p.locations())).append('\n');
    }
    return UUID.nameUUIDFromBytes(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A reference per package: its Package URL, suffixed when the same URL was found in several
   * places (two copies of one jar are two components).
   */
  static Map<Package, String> references(Inventory inventory) {
    Map<String, Integer> seen = new HashMap<>();
    Map<Package, String> references = new LinkedHashMap<>();
    for (Package p : inventory.packages()) {
      int count = seen.merge(p.purl(), 1, Integer::sum);
      references.put(p, count == 1 ? p.purl() : p.purl() + "#" + count);
    }
    return references;
  }

  static String shortHash(String text) {
    return Digest.sha256(text.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 12);
  }
}
