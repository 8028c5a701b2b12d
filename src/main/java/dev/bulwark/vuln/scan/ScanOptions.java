package dev.bulwark.vuln.scan;

import dev.bulwark.vuln.suppress.SuppressionSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * @param ignoreUnfixed leave out findings no released version fixes
 * @param maxDatabaseAge past this age the report carries a warning
 * @param now the time expiry dates and the database age are judged at
 */
public record ScanOptions(boolean ignoreUnfixed, List<SuppressionSource> suppressions, Duration maxDatabaseAge, Instant now) {
  public ScanOptions {
    suppressions = List.copyOf(suppressions);
  }
}
