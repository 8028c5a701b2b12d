package dev.bulwark.vuln.osv;

import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Affected;
import dev.bulwark.vuln.advisory.Event;
import dev.bulwark.vuln.advisory.Range;
import dev.bulwark.vuln.advisory.Severity;
import java.util.List;
import java.util.stream.Collectors;

/** A line-oriented rendering of an advisory's matching-relevant content, for golden files. */
public final class AdvisorySummary {
  private AdvisorySummary() {}

  public static String of(Advisory a) {
    StringBuilder out = new StringBuilder();
    out.append(a.id()).append("\tmodified=").append(a.modified());
    a.published().ifPresent(p -> out.append("\tpublished=").append(p));
    a.withdrawn().ifPresent(w -> out.append("\twithdrawn=").append(w));
    list(out, "aliases", a.aliases());
    list(out, "upstream", a.upstream());
    list(out, "related", a.related());
    if (!a.severities().isEmpty()) {
      out.append("\tseverity=").append(severities(a.severities()));
    }
    a.databaseSeverity().ifPresent(s -> out.append("\tdb-severity=").append(s));
    out.append("\tsummary=").append(a.summary().length() > 60 ? a.summary().substring(0, 60) + "…" : a.summary());
    out.append('\n');
    for (Affected affected : a.affected()) {
      out.append("  ");
      if (affected.pkg().isPresent()) {
        var pkg = affected.pkg().orElseThrow();
        out.append(pkg.ecosystem()).append('\t').append(pkg.name());
        pkg.purl().ifPresent(p -> out.append('\t').append(p));
      } else {
        out.append("(no package)");
      }
      for (Range range : affected.ranges()) {
        out.append("\t").append(range.type()).append(range.repo().map(r -> "@" + r).orElse("")).append('[')
            .append(range.events().stream().map(AdvisorySummary::event).collect(Collectors.joining(" "))).append(']');
      }
      if (!affected.versions().isEmpty()) {
        out.append("\tversions=").append(affected.versions().size());
      }
      if (affected.isUnfixed()) {
        out.append("\tunfixed");
      }
      affected.urgency().ifPresent(u -> out.append("\turgency=").append(u));
      if (!affected.severities().isEmpty()) {
        out.append("\tseverity=").append(severities(affected.severities()));
      }
      if (!affected.goImports().isEmpty()) {
        out.append("\timports=").append(affected.goImports().stream()
            .map(i -> i.path() + "(" + i.symbols().size() + ")").collect(Collectors.joining(",")));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String event(Event event) {
    return switch (event.kind()) {
      case INTRODUCED -> "+" + event.version();
      case FIXED -> "fixed:" + event.version();
      case LAST_AFFECTED -> "last:" + event.version();
      case LIMIT -> "limit:" + event.version();
    };
  }

  private static String severities(List<Severity> severities) {
    return severities.stream().map(s -> s.type() + ":" + s.score()).collect(Collectors.joining(","));
  }

  private static void list(StringBuilder out, String name, List<String> values) {
    if (!values.isEmpty()) {
      out.append('\t').append(name).append('=').append(String.join(",", values));
    }
  }
}
