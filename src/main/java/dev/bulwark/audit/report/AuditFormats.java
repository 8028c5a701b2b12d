package dev.bulwark.audit.report;

import dev.bulwark.UsageException;
import java.util.List;

/** The registry of audit report formats. */
public final class AuditFormats {
  private AuditFormats() {}

  public static List<AuditRenderer> all() {
    return List.of(new AuditTableRenderer(), new AuditJsonRenderer(), new AuditSarifRenderer(), new AuditHtmlRenderer());
  }

  public static AuditRenderer named(String format) {
    return all().stream()
        .filter(r -> r.format().equals(format))
        .findFirst()
        .orElseThrow(() -> new UsageException("unknown format '" + format + "'; choose one of "
            + String.join(", ", all().stream().map(AuditRenderer::format).toList())));
  }
}
