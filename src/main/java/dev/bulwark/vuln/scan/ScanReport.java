package dev.bulwark.vuln.scan;

import dev.bulwark.inventory.Inventory;
import dev.bulwark.vuln.match.Finding;
import java.util.List;

/**
 * The result of scanning one image: its inventory, the findings still standing, the ones VEX
 * statements or the ignore file suppressed (and why), the database used, and warnings.
 *
 * @param unfixedHidden whether findings without a released fix were left out (--ignore-unfixed)
 */
public record ScanReport(
    Inventory inventory,
    List<Finding> findings,
    List<Suppressed> suppressed,
    DatabaseSummary database,
    boolean unfixedHidden,
    List<String> warnings) {
  public ScanReport {
    findings = List.copyOf(findings);
    suppressed = List.copyOf(suppressed);
    warnings = List.copyOf(warnings);
  }
}
