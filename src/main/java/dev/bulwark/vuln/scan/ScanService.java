package dev.bulwark.vuln.scan;

import dev.bulwark.inventory.Inventory;
import dev.bulwark.vuln.db.AdvisoryStore;
import dev.bulwark.vuln.db.DbAge;
import dev.bulwark.vuln.db.SourceInfo;
import dev.bulwark.vuln.db.StoreMetadata;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.match.Matcher;
import dev.bulwark.vuln.suppress.SuppressionSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns an inventory into a scan report: match against the store, drop what the user asked to
 * leave out (unfixed findings, findings VEX statements or the ignore file suppress, each recorded
 * with its reason), and say how old the advisory data is.
 */
public final class ScanService {
  private final AdvisoryStore store;

  public ScanService(AdvisoryStore store) {
    this.store = store;
  }

  public ScanReport scan(Inventory inventory, ScanOptions options) {
    StoreMetadata metadata = store.metadata();
    List<Finding> matched = new Matcher(store).match(inventory);
    // VEX statements about the image as a whole need to know which image this is
    List<SuppressionSource> sources = options.suppressions().stream().map(s -> s.forInventory(inventory)).toList();
    List<Finding> standing = new ArrayList<>();
    List<Suppressed> suppressed = new ArrayList<>();
    for (Finding finding : matched) {
      if (options.ignoreUnfixed() && finding.unfixed()) {
        continue;
      }
      Optional<Suppressed> suppression = Optional.empty();
      for (SuppressionSource source : sources) {
        suppression = source.suppress(finding, options.now());
        if (suppression.isPresent()) {
          break;
        }
      }
      suppression.ifPresentOrElse(suppressed::add, () -> standing.add(finding));
    }
    List<String> warnings = new ArrayList<>(inventory.warnings());
    Optional<String> stale = DbAge.warning(metadata, options.maxDatabaseAge(), options.now());
    stale.ifPresent(warnings::add);
    for (SuppressionSource source : sources) {
      warnings.addAll(source.warnings(options.now(), matched));
    }
    DatabaseSummary database = new DatabaseSummary(metadata.location(), metadata.builtAt(),
        metadata.distinctIds(), metadata.sources().stream().map(SourceInfo::name).toList(), stale);
    return new ScanReport(inventory, standing, suppressed, database, options.ignoreUnfixed(), warnings);
  }
}
