package dev.bulwark.audit.report;

import dev.bulwark.audit.AuditReport;
import dev.bulwark.report.RenderContext;
import java.io.IOException;
import java.io.OutputStream;

/** Writes an audit report in one format. Adding a format is one class and one line in {@link AuditFormats}. */
public interface AuditRenderer {
  /** The name users pass to --format. */
  String format();

  void render(AuditReport report, RenderContext context, Messages messages, OutputStream out) throws IOException;
}
