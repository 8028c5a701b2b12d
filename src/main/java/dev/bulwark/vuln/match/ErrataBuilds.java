package dev.bulwark.vuln.match;

import dev.bulwark.vuln.advisory.Affected;
import dev.bulwark.vuln.advisory.Event;
import dev.bulwark.vuln.advisory.Range;
import dev.bulwark.vuln.advisory.RangeType;
import dev.bulwark.vuln.version.VersionScheme;
import java.util.List;

/**
 * RPM errata feeds (AlmaLinux, Rocky) write one range {@code {introduced: 0, fixed: <build>}} per
 * build an erratum released, and an erratum often releases one fix as several builds: rebuilt for
 * each minor release of a module stream ({@code 1:10.24.0-1.module_el8.4.0+2224+b07ac28e} and
 * {@code …module_el8.5.0+81+7dbe79d3}), or for two repositories ({@code 52.9.0-2.el8} and {@code
 * 52.9.0-2.el8.alma}, {@code …alma} and {@code …alma.plus}). Those ranges are alternatives, not
 * spans: a package at or above any of the released builds has the fix. Read as OSV's union of
 * ranges, the el8.4 build would be "affected" because it sorts below the el8.5 one.
 */
final class ErrataBuilds {
  private ErrataBuilds() {}

  /**
   * Whether the entries have the errata shape (every versioned range opens at 0 and closes with
   * one fix) and the installed version is at or above one of those fixes.
   */
  static boolean fixInstalled(List<Affected> entries, String version, VersionScheme scheme) {
    boolean any = false;
    for (Affected entry : entries) {
      if (!entry.versions().isEmpty()) {
        return false;
      }
      for (Range range : entry.ranges()) {
        if (range.type() == RangeType.GIT) {
          continue;
        }
        if (!isErratumBuild(range)) {
          return false;
        }
        any = true;
      }
    }
    if (!any) {
      return false;
    }
    for (Affected entry : entries) {
      for (Range range : entry.ranges()) {
        if (range.type() != RangeType.GIT
            && scheme.compare(range.versions(Event.Kind.FIXED).getFirst(), version) <= 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isErratumBuild(Range range) {
    List<Event> events = range.events();
    return events.size() == 2 && events.stream().anyMatch(Event::isIntroducedAtZero)
        && events.stream().anyMatch(e -> e.kind() == Event.Kind.FIXED);
  }
}
