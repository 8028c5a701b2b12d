package dev.bulwark.vuln.match;

import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.vuln.advisory.Affected;
import dev.bulwark.vuln.advisory.Event;
import dev.bulwark.vuln.advisory.Range;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RPM module streams (RHEL 8 and its rebuilds) ship several builds of one package side by side:
 * nodejs 16 and nodejs 18, ruby 2.5 and ruby 2.7, each fixed in its own stream. AlmaLinux's and
 * Rocky's OSV records tell stream builds apart only by a {@code module+el8…}/{@code module_el8…}
 * release, and name the stream an erratum is for only in its summary ({@code Moderate: nodejs:18
 * security update}, {@code virt:rhel and virt-devel:rhel …}). Comparing across streams is wrong
 * both ways, so an installed package (its modularity label says whether it is modular, and which
 * stream) is judged only by ranges of its own kind: a non-modular package ignores modular fixes;
 * a modular one takes an erratum's modular fixes only when the erratum names its stream. For the
 * few errata that name no stream (15 of AlmaLinux 8's 723 modular ones), a fix counts when it has
 * the installed package's upstream major version.
 */
final class ModularStreams {
  /**
   * {@code name:stream} in an erratum summary. Module names and streams are letters, digits and
   * {@code . _ + -}; an erratum id ({@code ALSA-2022:5468}) has the same shape and is left out.
   */
  private static final Pattern STREAM = Pattern.compile("(?<![\\w.+-])([A-Za-z0-9][\\w.+-]*):([A-Za-z0-9][\\w.+-]*)");
  private static final Pattern ERRATUM_ID = Pattern.compile("[A-Z]+-\\d+");

  private ModularStreams() {}

  /**
   * The entries, keeping only the ranges that apply to the installed package's stream (or to no
   * stream).
   *
   * @param named the streams the erratum's summary names ({@link #streamsNamed})
   */
  static List<Affected> forPackage(Set<String> named, List<Affected> entries, PackageRecord pkg) {
    Optional<String> stream = stream(pkg);
    String major = major(pkg.version());
    List<Affected> kept = new ArrayList<>();
    for (Affected entry : entries) {
      List<Range> ranges = new ArrayList<>();
      for (Range range : entry.ranges()) {
        List<String> fixes = range.versions(Event.Kind.FIXED);
        boolean modularRange = fixes.stream().anyMatch(ModularStreams::isModular);
        if (fixes.isEmpty() || applies(modularRange, stream, named, major, fixes)) {
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

  private static boolean applies(boolean modularRange, Optional<String> stream, Set<String> named, String major,
      List<String> fixes) {
    if (modularRange != stream.isPresent()) {
      return false;
    }
    if (!modularRange) {
      return true;
    }
    if (!named.isEmpty()) {
      return named.contains(stream.orElseThrow());
    }
    return fixes.stream().anyMatch(f -> major(f).equals(major));
  }

  static boolean isModular(String evr) {
    return evr.contains(".module+") || evr.contains(".module_");
  }

  /** The {@code name:stream} pairs an erratum summary names; empty when it names none. */
  static Set<String> streamsNamed(String summary) {
    Set<String> streams = new LinkedHashSet<>();
    Matcher m = STREAM.matcher(summary);
    while (m.find()) {
      if (!ERRATUM_ID.matcher(m.group(1)).matches()) {
        streams.add(m.group(1) + ":" + m.group(2));
      }
    }
    return streams;
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

  /** {@code nodejs:18} for the modularity label {@code nodejs:18:8080020230802155315:b5d2ff6f}. */
  static Optional<String> stream(PackageRecord pkg) {
    return pkg.modularityLabel().map(label -> {
      String[] parts = label.split(":");
      return parts.length >= 2 ? parts[0] + ":" + parts[1] : label;
    });
  }
}
