package dev.bulwark.report.sbom;

import dev.bulwark.UsageException;
import java.util.List;

/** The registry of SBOM formats. */
public final class SbomFormats {
  private SbomFormats() {}

  public static List<SbomRenderer> all() {
    return List.of(new TableRenderer(), new JsonRenderer(), new CycloneDxRenderer(), new SpdxRenderer());
  }

  public static SbomRenderer named(String format) {
    return all().stream()
        .filter(r -> r.format().equals(format))
        .findFirst()
        .orElseThrow(() -> new UsageException("unknown format '" + format + "'; choose one of "
            + String.join(", ", all().stream().map(SbomRenderer::format).toList())));
  }
}
