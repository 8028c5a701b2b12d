package dev.bulwark.report.vuln;

import dev.bulwark.vuln.cvss.Rating;
import dev.bulwark.vuln.match.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Findings counted by severity, highest first, as every report headlines them. */
public record Summary(Map<String, Integer> bySeverity, int total, int packages) {
  public static Summary of(List<Finding> findings) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Rating rating : List.of(Rating.CRITICAL, Rating.HIGH, Rating.MEDIUM, Rating.LOW, Rating.NONE)) {
      counts.put(rating.label(), 0);
    }
    counts.put("Unknown", 0);
    for (Finding finding : findings) {
      counts.merge(finding.severity().label(), 1, Integer::sum);
    }
    int packages = (int) findings.stream().map(f -> f.pkg().purl() + "|" + f.pkg().locations()).distinct().count();
    return new Summary(counts, findings.size(), packages);
  }

  /** {@code 12 vulnerabilities (Critical: 1, High: 4, …) in 5 packages}. */
  public String headline() {
    StringBuilder text = new StringBuilder();
    text.append(total).append(total == 1 ? " vulnerability" : " vulnerabilities");
    StringBuilder parts = new StringBuilder();
    bySeverity.forEach((label, count) -> {
      if (count > 0) {
        parts.append(parts.isEmpty() ? "" : ", ").append(label).append(": ").append(count);
      }
    });
    if (!parts.isEmpty()) {
      text.append(" (").append(parts).append(")");
    }
    if (total > 0) {
      text.append(" in ").append(packages).append(packages == 1 ? " package" : " packages");
    }
    return text.toString();
  }
}
