package dev.bulwark.vuln.osv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Affected;
import dev.bulwark.vuln.advisory.AffectedPackage;
import dev.bulwark.vuln.advisory.Ecosystem;
import dev.bulwark.vuln.advisory.Event;
import dev.bulwark.vuln.advisory.Range;
import dev.bulwark.vuln.advisory.RangeType;
import dev.bulwark.vuln.advisory.Reference;
import dev.bulwark.vuln.advisory.Severity;
import dev.bulwark.vuln.advisory.SpecificData;
import dev.bulwark.vuln.osv.wire.OsvJson;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Wire shape to domain value; every rule broken is an {@link IllegalArgumentException} naming it. */
final class OsvConversion {
  private OsvConversion() {}

  static Advisory toAdvisory(OsvJson wire, String source) {
    String id = required(wire.id(), "id");
    Instant modified = timestamp(required(wire.modified(), "modified"), "modified");
    return new Advisory(
        id,
        orEmpty(wire.schemaVersion()),
        modified,
        Optional.ofNullable(wire.published()).map(t -> timestamp(t, "published")),
        Optional.ofNullable(wire.withdrawn()).map(t -> timestamp(t, "withdrawn")),
        list(wire.aliases()),
        list(wire.upstream()),
        related(wire.related()),
        orEmpty(wire.summary()),
        orEmpty(wire.details()),
        severities(wire.severity()),
        affected(wire.affected()),
        references(wire.references()),
        specific(wire.databaseSpecific(), "database_specific"),
        source);
  }

  private static List<Affected> affected(List<OsvJson.AffectedJson> entries) {
    if (entries == null) {
      return List.of();
    }
    List<Affected> out = new ArrayList<>(entries.size());
    int index = 0;
    for (OsvJson.AffectedJson entry : entries) {
      if (entry == null) {
        throw new IllegalArgumentException("affected[" + index + "] is null");
      }
      try {
        out.add(new Affected(
            pkg(entry.pkg()),
            ranges(entry.ranges()),
            list(entry.versions()),
            severities(entry.severity()),
            specific(entry.ecosystemSpecific(), "ecosystem_specific"),
            specific(entry.databaseSpecific(), "database_specific")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("affected[" + index + "]: " + e.getMessage(), e);
      }
      index++;
    }
    return out;
  }

  private static Optional<AffectedPackage> pkg(OsvJson.PackageJson pkg) {
    if (pkg == null) {
      return Optional.empty();
    }
    return Optional.of(new AffectedPackage(
        Ecosystem.of(required(pkg.ecosystem(), "package.ecosystem")),
        required(pkg.name(), "package.name"),
        Optional.ofNullable(pkg.purl()).filter(p -> !p.isEmpty())));
  }

  private static List<Range> ranges(List<OsvJson.RangeJson> ranges) {
    if (ranges == null) {
      return List.of();
    }
    List<Range> out = new ArrayList<>(ranges.size());
    for (OsvJson.RangeJson range : ranges) {
      if (range == null) {
        throw new IllegalArgumentException("null range");
      }
      String typeText = required(range.type(), "range type");
      RangeType type = RangeType.parse(typeText)
          .orElseThrow(() -> new IllegalArgumentException("unknown range type '" + typeText + "'"));
      List<OsvJson.EventJson> events = range.events() == null ? List.of() : range.events();
      List<Event> converted = new ArrayList<>(events.size());
      for (OsvJson.EventJson event : events) {
        converted.add(event(event));
      }
      out.add(new Range(type, Optional.ofNullable(range.repo()).filter(r -> !r.isEmpty()), converted,
          specific(range.databaseSpecific(), "range database_specific")));
    }
    return out;
  }

  private static Event event(OsvJson.EventJson event) {
    if (event == null) {
      throw new IllegalArgumentException("null event");
    }
    Event found = null;
    int count = 0;
    if (event.introduced() != null) {
      found = new Event(Event.Kind.INTRODUCED, event.introduced());
      count++;
    }
    if (event.fixed() != null) {
      found = new Event(Event.Kind.FIXED, event.fixed());
      count++;
    }
    if (event.lastAffected() != null) {
      found = new Event(Event.Kind.LAST_AFFECTED, event.lastAffected());
      count++;
    }
    if (event.limit() != null) {
      found = new Event(Event.Kind.LIMIT, event.limit());
      count++;
    }
    if (count != 1) {
      throw new IllegalArgumentException("an event must have exactly one of introduced, fixed, last_affected, limit");
    }
    return found;
  }

  private static List<Severity> severities(List<OsvJson.SeverityJson> severities) {
    if (severities == null) {
      return List.of();
    }
    List<Severity> out = new ArrayList<>(severities.size());
    for (OsvJson.SeverityJson severity : severities) {
      if (severity == null) {
        throw new IllegalArgumentException("null severity");
      }
      out.add(new Severity(required(severity.type(), "severity type"), required(severity.score(), "severity score")));
    }
    return out;
  }

  private static List<Reference> references(List<OsvJson.ReferenceJson> references) {
    if (references == null) {
      return List.of();
    }
    List<Reference> out = new ArrayList<>(references.size());
    for (OsvJson.ReferenceJson reference : references) {
      if (reference == null) {
        throw new IllegalArgumentException("null reference");
      }
      out.add(new Reference(required(reference.type(), "reference type"), required(reference.url(), "reference url")));
    }
    return out;
  }

  /** 1.6 lists ids; 1.7 also allows {@code {type, id}} objects, of which the id is kept. */
  private static List<String> related(List<JsonNode> related) {
    if (related == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(related.size());
    for (JsonNode node : related) {
      if (node != null && node.isTextual()) {
        out.add(node.asText());
      } else if (node != null && node.isObject() && node.path("id").isTextual()) {
        out.add(node.get("id").asText());
      } else {
        throw new IllegalArgumentException("related entries must be ids or {type, id} objects");
      }
    }
    return out;
  }

  private static SpecificData specific(JsonNode node, String what) {
    if (node != null && !node.isNull() && !node.isObject()) {
      throw new IllegalArgumentException(what + " must be an object");
    }
    return SpecificData.of(node);
  }

  private static List<String> list(List<String> values) {
    if (values == null) {
      return List.of();
    }
    for (String value : values) {
      if (value == null) {
        throw new IllegalArgumentException("null in a list of strings");
      }
    }
    return values;
  }

  private static String required(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("missing " + what);
    }
    return value;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  /**
   * RFC 3339 as the schema asks ({@code 2021-09-26T23:32:08.989778Z}); an explicit offset is accepted too,
   * and so is a time without zone, read as UTC (some converters drop the {@code Z}).
   */
  static Instant timestamp(String text, String what) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        throw new IllegalArgumentException(what + " '" + abbreviate(text) + "' is not an RFC 3339 timestamp");
      }
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
