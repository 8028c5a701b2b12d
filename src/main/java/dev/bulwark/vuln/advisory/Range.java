package dev.bulwark.vuln.advisory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One OSV range: a type, the repository for GIT ranges, and the events in the order the advisory lists
 * them (OSV's evaluation sorts them by version; the order is kept as written).
 */
public record Range(RangeType type, Optional<String> repo, List<Event> events, SpecificData databaseSpecific) {
  /** More events than this in one range is malformed input (real ranges have a handful). */
  public static final int MAX_EVENTS = 10_000;

  public Range {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(databaseSpecific, "databaseSpecific");
    events = List.copyOf(events);
    if (events.isEmpty()) {
      throw new IllegalArgumentException(type + " range has no events");
    }
    if (events.size() > MAX_EVENTS) {
      throw new IllegalArgumentException(type + " range has more than " + MAX_EVENTS + " events");
    }
    if (events.stream().noneMatch(e -> e.kind() == Event.Kind.INTRODUCED)) {
      throw new IllegalArgumentException(type + " range has no introduced event");
    }
    if (type == RangeType.GIT && repo.isEmpty()) {
      throw new IllegalArgumentException("GIT range without a repo");
    }
  }

  public List<String> versions(Event.Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).map(Event::version).toList();
  }

  /** Whether any event closes the range ({@code fixed} or {@code last_affected}). */
  public boolean isClosed() {
    return events.stream().anyMatch(e -> e.kind() == Event.Kind.FIXED || e.kind() == Event.Kind.LAST_AFFECTED);
  }
}
