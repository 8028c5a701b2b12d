package dev.bulwark.report.vuln;

import dev.bulwark.UsageException;
import java.util.List;

/** The registry of scan report formats. */
public final class ScanFormats {
  private ScanFormats() {}

  public static List<ScanRenderer> all() {
    return List.of(new ScanTableRenderer(), new ScanJsonRenderer(), new SarifRenderer(), new CycloneDxScanRenderer(),
        new HtmlRenderer());
  }

  public static ScanRenderer named(String format) {
    return all().stream()
        .filter(r -> r.format().equals(format))
        .findFirst()
        .orElseThrow(() -> new UsageException("unknown format '" + format + "'; choose one of "
            + String.join(", ", all().stream().map(ScanRenderer::format).toList())));
  }
}
