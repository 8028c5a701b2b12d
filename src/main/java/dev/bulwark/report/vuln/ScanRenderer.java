package dev.bulwark.report.vuln;

import dev.bulwark.report.RenderContext;
import dev.bulwark.vuln.scan.ScanReport;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a scan report in one format. Adding a format is one class and one line in {@link ScanFormats}. */
public interface ScanRenderer {
  /** The name users pass to --format. */
  String format();

  void render(ScanReport report, RenderContext context, OutputStream out) throws IOException;
}
