package dev.bulwark.vuln.match;

import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.vuln.advisory.Affected;
import dev.bulwark.vuln.advisory.Event;
import dev.bulwark.vuln.advisory.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RPM module streams (RHEL 8 and its rebuilds) ship several builds of one package side by side:
 * nodejs 16 and nodejs 18, each fixed in its own stream. AlmaLinux's and Rocky's OSV records keep
 * one range per stream build, telling them apart only by a {@code module+el8…}/{@code
 * module_el8…} release. Comparing across streams is wrong both ways, so an installed package (its
 * modularity label says whether it is modular) is judged only by ranges of its own kind, and a
 * modular one only by the ranges of its stream, recognised by the same upstream major version.
 */
final class ModularStreams {
  private ModularStreams() {}

  static List<Affected> forPackage(List<Affected> entries, PackageRecord pkg) {
    boolean modular = pkg.modularityLabel().isPresent();
    String major = major(pkg.version());
    List<Affected> kept = new ArrayList<>();
    for (Affected entry : entries) {
      List<Range> ranges = new ArrayList<>();
      for (Range range : entry.ranges()) {
        List<String> fixes = range.versions(Event.Kind.FIXED);
        boolean modularRange = fixes.stream().anyMatch(ModularStreams::isModular);
        if (fixes.isEmpty() || (modularRange == modular && (!modular || fixes.stream().anyMatch(f -> major(f).equals(major))))) {
          ranges.add(range);
        }
      }
      if (!ranges.isEmpty() || !entry.versions().isEmpty()) {
        kept.add(new Affected(entry.pkg(), ranges, entry.versions(), entry.severities(), entry.ecosystemSpecific(),
            entry.databaseSpecific()));
      }
    }
    return kept;
  }

  static boolean isModular(String evr) {
    return evr.contains(".module+") || evr.contains(".module_");
  }

  /** The upstream major version of {@code [epoch:]version-release}: {@code 16} for {@code 1:16.20.2-1.module…}. */
  static String major(String evr) {
    String version = evr.substring(evr.indexOf(':') + 1);
    int dash = version.lastIndexOf('-');
    if (dash > 0) {
      version = version.substring(0, dash);
    }
    int dot = version.indexOf('.');
    return dot > 0 ? version.substring(0, dot) : version;
  }

  static Optional<String> stream(PackageRecord pkg) {
    return pkg.modularityLabel().map(label -> {
      String[] parts = label.split(":");
      return parts.length >= 2 ? parts[0] + ":" + parts[1] : label;
    });
  }
}
