package dev.bulwark.vuln.suppress;

import dev.bulwark.vuln.match.Finding;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * One entry of the ignore file: a vulnerability id, optionally narrowed to a package (a Package
 * URL, matched as VEX products are, or a package or source package name), the reason, and the last
 * day (UTC) it holds.
 *
 * @param index its position in the file, from 1, for messages
 */
public record IgnoreEntry(int index, String id, Optional<String> packageSpec, String reason, Optional<LocalDate> expires) {
  public boolean matches(Finding finding) {
    boolean named = finding.ids().stream().anyMatch(i -> i.equalsIgnoreCase(id));
    if (!named || packageSpec.isEmpty()) {
      return named;
    }
    String spec = packageSpec.orElseThrow();
    Optional<PurlPattern> purl = PurlPattern.parse(spec);
    if (purl.isPresent()) {
      return purl.orElseThrow().matches(finding.pkg().purl());
    }
    return finding.pkg().name().equals(spec)
        || finding.pkg().record().source().map(s -> s.name().equals(spec)).orElse(false);
  }

  /** Past its expiry date: from the start of the next day, UTC. */
  public boolean expired(Instant now) {
    return expires.map(day -> !now.isBefore(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())).orElse(false);
  }

  /** {@code entry 3 (CVE-2024-1234, package libc6)}, for messages. */
  String describe() {
    return "entry " + index + " (" + id + packageSpec.map(p -> ", package " + p).orElse("") + ")";
  }
}
