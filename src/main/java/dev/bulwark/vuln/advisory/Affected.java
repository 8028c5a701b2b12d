package dev.bulwark.vuln.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One OSV {@code affected} entry: the package (absent only for GIT-only entries), its ranges, the
 * explicit list of affected versions, and the feed's extra data. OSV's rule: a version is affected if it
 * is in {@code versions} or falls in any range.
 */
public record Affected(
    Optional<AffectedPackage> pkg,
    List<Range> ranges,
    List<String> versions,
    List<Severity> severities,
    SpecificData ecosystemSpecific,
    SpecificData databaseSpecific) {
  /** More listed versions than this is refused (Ubuntu kernel entries list a few thousand). */
  public static final int MAX_VERSIONS = 200_000;
  public static final int MAX_RANGES = 10_000;

  public Affected {
    Objects.requireNonNull(pkg, "pkg");
    Objects.requireNonNull(ecosystemSpecific, "ecosystemSpecific");
    Objects.requireNonNull(databaseSpecific, "databaseSpecific");
    ranges = List.copyOf(ranges);
    versions = List.copyOf(versions);
    severities = List.copyOf(severities);
    if (ranges.size() > MAX_RANGES) {
      throw new IllegalArgumentException("more than " + MAX_RANGES + " ranges");
    }
    if (versions.size() > MAX_VERSIONS) {
      throw new IllegalArgumentException("more than " + MAX_VERSIONS + " versions");
    }
    if (pkg.isEmpty() && ranges.stream().anyMatch(r -> r.type() != RangeType.GIT)) {
      throw new IllegalArgumentException("affected entry without a package has non-GIT ranges");
    }
  }

  /** Every {@code fixed} version in the ranges of the given type, in order, without repeats. */
  public List<String> fixedVersions(RangeType type) {
    Set<String> fixed = new LinkedHashSet<>();
    for (Range range : ranges) {
      if (range.type() == type) {
        fixed.addAll(range.versions(Event.Kind.FIXED));
      }
    }
    return List.copyOf(fixed);
  }

  /**
   * Whether the entry says no fix exists: it has ranges of a non-GIT type and none of them closes
   * (no {@code fixed} and no {@code last_affected}). Debian, Ubuntu and Alpine feeds write unfixed
   * vulnerabilities this way.
   */
  public boolean isUnfixed() {
    List<Range> versioned = ranges.stream().filter(r -> r.type() != RangeType.GIT).toList();
    return !versioned.isEmpty() && versioned.stream().noneMatch(Range::isClosed);
  }

  /** Debian's {@code ecosystem_specific.urgency} ({@code low}, {@code medium}, {@code unimportant}, …). */
  public Optional<String> urgency() {
    return ecosystemSpecific.string("urgency");
  }

  /** The feed's own severity word for this entry, from either specific object ({@code severity}). */
  public Optional<String> specificSeverity() {
    return ecosystemSpecific.string("severity").or(() -> databaseSpecific.string("severity"));
  }

  /** Go's {@code ecosystem_specific.imports}; empty when there are none. */
  public List<GoImport> goImports() {
    JsonNode imports = ecosystemSpecific.isEmpty() ? null : ecosystemSpecific.node().get("imports");
    if (imports == null || !imports.isArray()) {
      return List.of();
    }
    List<GoImport> out = new ArrayList<>();
    for (JsonNode item : imports) {
      String path = item.path("path").asText("");
      if (!path.isEmpty()) {
        out.add(new GoImport(path, strings(item.get("goos")), strings(item.get("goarch")), strings(item.get("symbols"))));
      }
    }
    return List.copyOf(out);
  }

  private static List<String> strings(JsonNode array) {
    if (array == null || !array.isArray()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
