package dev.bulwark.vuln.suppress;

import dev.bulwark.inventory.Inventory;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.scan.Suppressed;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Statements a user gives about findings: OpenVEX documents, the ignore file. */
public interface SuppressionSource {
  /** The suppression that applies to {@code finding} at {@code now}, if any. */
  Optional<Suppressed> suppress(Finding finding, Instant now);

  /** What the user should know about the source itself: expired entries, entries that matched nothing. */
  List<String> warnings(Instant now, List<Finding> findings);

  /**
   * This source bound to the scanned image, for statements about the image as a whole (an OpenVEX
   * product naming {@code pkg:oci/…} or the image digest) or about a package inside another one.
   * Unbound, such statements suppress nothing; a caller that knows the image binds first.
   */
  default SuppressionSource forInventory(Inventory inventory) {
    return this;
  }
}
