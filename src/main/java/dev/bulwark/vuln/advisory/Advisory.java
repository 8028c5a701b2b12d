package dev.bulwark.vuln.advisory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One vulnerability advisory in the OSV model (schema 1.6, plus the {@code upstream} list of 1.7).
 * Absent texts are empty strings; absent lists are empty. {@code source} names the feed it was read from
 * (an osv.dev ecosystem archive, or a path given to {@code db import}).
 *
 * <p>{@code aliases} are other ids for the same vulnerability; {@code upstream} the ids this record was
 * derived from (Ubuntu and Debian records name their CVE there); {@code related} ids of other, related
 * vulnerabilities (AlmaLinux and Rocky errata list their CVEs there).
 */
public record Advisory(
    String id,
    String schemaVersion,
    Instant modified,
    Optional<Instant> published,
    Optional<Instant> withdrawn,
    List<String> aliases,
    List<String> upstream,
    List<String> related,
    String summary,
    String details,
    List<Severity> severities,
    List<Affected> affected,
    List<Reference> references,
    SpecificData databaseSpecific,
    String source) {
  public static final int MAX_ID_LENGTH = 256;
  /** Longer summaries are refused (OSV asks for one line, under 120 characters). */
  public static final int MAX_SUMMARY_CHARS = 16 * 1024;
  /** Longer details are refused; the longest real ones (kernel USNs listing many CVEs) are far shorter. */
  public static final int MAX_DETAILS_CHARS = 1 << 20;
  public static final int MAX_AFFECTED = 50_000;
  /** Bounds each id list (aliases, upstream, related) and the references. */
  public static final int MAX_LIST = 20_000;

  public Advisory {
    if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH || !id.strip().equals(id)) {
      throw new IllegalArgumentException("advisory id is empty, too long, or has white space");
    }
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    Objects.requireNonNull(modified, "modified");
    Objects.requireNonNull(published, "published");
    Objects.requireNonNull(withdrawn, "withdrawn");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(details, "details");
    Objects.requireNonNull(databaseSpecific, "databaseSpecific");
    Objects.requireNonNull(source, "source");
    aliases = ids(aliases, "aliases");
    upstream = ids(upstream, "upstream");
    related = ids(related, "related");
    severities = List.copyOf(severities);
    affected = List.copyOf(affected);
    references = List.copyOf(references);
    if (summary.length() > MAX_SUMMARY_CHARS) {
      throw new IllegalArgumentException("summary longer than " + MAX_SUMMARY_CHARS + " characters");
    }
    if (details.length() > MAX_DETAILS_CHARS) {
      throw new IllegalArgumentException("details longer than " + MAX_DETAILS_CHARS + " characters");
    }
    if (affected.size() > MAX_AFFECTED) {
      throw new IllegalArgumentException("more than " + MAX_AFFECTED + " affected entries");
    }
    if (references.size() > MAX_LIST || severities.size() > MAX_LIST) {
      throw new IllegalArgumentException("more than " + MAX_LIST + " references or severities");
    }
  }

  private static List<String> ids(List<String> ids, String what) {
    if (ids.size() > MAX_LIST) {
      throw new IllegalArgumentException("more than " + MAX_LIST + " " + what);
    }
    for (String id : ids) {
      if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
        throw new IllegalArgumentException(what + " has an empty or overlong id");
      }
    }
    return List.copyOf(ids);
  }

  public boolean isWithdrawn() {
    return withdrawn.isPresent();
  }

  /** This advisory's id followed by its aliases and upstream ids, without repeats: "every id" of a finding. */
  public List<String> allIds() {
    Set<String> all = new LinkedHashSet<>();
    all.add(id);
    all.addAll(aliases);
    all.addAll(upstream);
    return List.copyOf(all);
  }

  /** The entries that name this package in exactly this ecosystem (names compared per {@link PackageNames}). */
  public List<Affected> affecting(Ecosystem ecosystem, String packageName) {
    String wanted = PackageNames.normalize(ecosystem, packageName);
    List<Affected> out = new ArrayList<>();
    for (Affected entry : affected) {
      if (entry.pkg().isPresent()) {
        AffectedPackage pkg = entry.pkg().orElseThrow();
        if (pkg.ecosystem().equals(ecosystem) && pkg.normalizedName().equals(wanted)) {
          out.add(entry);
        }
      }
    }
    return out;
  }

  /** GHSA's overall rating ({@code database_specific.severity}: LOW, MODERATE, HIGH, CRITICAL). */
  public Optional<String> databaseSeverity() {
    return databaseSpecific.string("severity");
  }

  /** A copy read from another feed. */
  public Advisory withSource(String newSource) {
    return new Advisory(id, schemaVersion, modified, published, withdrawn, aliases, upstream, related, summary,
        details, severities, affected, references, databaseSpecific, newSource);
  }
}
