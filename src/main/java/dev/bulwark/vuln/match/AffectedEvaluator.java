package dev.bulwark.vuln.match;

import dev.bulwark.vuln.advisory.Affected;
import dev.bulwark.vuln.advisory.Event;
import dev.bulwark.vuln.advisory.Range;
import dev.bulwark.vuln.advisory.RangeType;
import dev.bulwark.vuln.version.VersionScheme;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * OSV's evaluation of affected entries (osv-schema, "Evaluation"): a version is affected if an
 * entry lists it in {@code versions}, or if it falls in one of its ECOSYSTEM or SEMVER ranges,
 * whose events are walked in version order: {@code introduced} opens, {@code fixed} closes from
 * that version on, {@code last_affected} closes after it. GIT ranges name commits, not versions,
 * and are left to {@code versions}, which osv.dev fills from them.
 */
final class AffectedEvaluator {
  private final VersionScheme scheme;

  AffectedEvaluator(VersionScheme scheme) {
    this.scheme = scheme;
  }

  Verdict evaluate(List<Affected> entries, String version) {
    boolean affected = false;
    boolean unfixed = false;
    Set<String> fixed = new LinkedHashSet<>();
    for (Affected entry : entries) {
      for (Range range : entry.ranges()) {
        if (range.type() == RangeType.GIT) {
          continue;
        }
        RangeHit hit = hit(range, version);
        if (hit.inside()) {
          affected = true;
          if (hit.fix() == null) {
            // an open range, or one that ends with last_affected: no released version is known to fix it
            unfixed = true;
          } else {
            fixed.add(hit.fix());
          }
        }
      }
      // The list matters only when no range holds the version; PyPI lists run to hundreds of versions.
      if (!affected && listed(entry, version)) {
        affected = true;
        // Listed explicitly, outside every range (osv.dev fills versions from GIT ranges, which
        // can reach past the ECOSYSTEM ones): the nearest fix above it is what to upgrade to.
        entry.ranges().stream().filter(r -> r.type() != RangeType.GIT)
            .flatMap(r -> r.versions(Event.Kind.FIXED).stream())
            .filter(f -> scheme.compare(f, version) > 0)
            .min(scheme)
            .ifPresent(fixed::add);
        unfixed |= entry.isUnfixed();
      }
    }
    if (!affected) {
      return Verdict.NOT_AFFECTED;
    }
    List<String> ordered = new ArrayList<>(fixed);
    ordered.sort(scheme);
    return new Verdict(true, ordered, unfixed && ordered.isEmpty());
  }

  private boolean listed(Affected entry, String version) {
    for (String listed : entry.versions()) {
      if (listed.equals(version) || scheme.compare(listed, version) == 0) {
        return true;
      }
    }
    return false;
  }

  private record RangeHit(boolean inside, String fix) {}

  /** Walks the range's events in version order; where the version lands, and the fix that ends that span. */
  private RangeHit hit(Range range, String version) {
    List<Event> events = new ArrayList<>(range.events());
    events.removeIf(e -> e.kind() == Event.Kind.LIMIT);
    events.sort(Comparator.comparing(Event::version, this::compareEventVersions));
    boolean inside = false;
    for (Event event : events) {
      switch (event.kind()) {
        case INTRODUCED -> {
          if (isZero(event.version()) || scheme.compare(event.version(), version) <= 0) {
            inside = true;
          }
        }
        case FIXED -> {
          if (scheme.compare(event.version(), version) <= 0) {
            inside = false;
          } else if (inside) {
            return new RangeHit(true, event.version());
          }
        }
        case LAST_AFFECTED -> {
          if (scheme.compare(event.version(), version) < 0) {
            inside = false;
          } else if (inside) {
            return new RangeHit(true, null);
          }
        }
        case LIMIT -> {}
      }
    }
    return new RangeHit(inside, null);
  }

  /** "0" is below every version, whatever the scheme thinks of the string. */
  private int compareEventVersions(String a, String b) {
    if (isZero(a) || isZero(b)) {
      return Boolean.compare(!isZero(a), !isZero(b));
    }
    return scheme.compare(a, b);
  }

  private static boolean isZero(String version) {
    return version.equals("0");
  }
}
