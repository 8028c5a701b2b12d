package dev.bulwark.cli;

import dev.bulwark.vuln.db.SourceReport;
import dev.bulwark.vuln.db.StoreMetadata;
import java.io.PrintWriter;

/** The summary lines db import and db update print. */
final class DbReports {
  private DbReports() {}

  static String sourceLine(SourceReport report) {
    StringBuilder line = new StringBuilder(Terminal.sanitize(report.source()))
        .append(String.format(": %,d advisories stored", report.stored()));
    if (report.merged() > 0) {
      line.append(String.format(", %,d merged with a document of the same id", report.merged()));
    }
    if (report.withdrawn() > 0) {
      line.append(String.format(", %,d withdrawn dropped", report.withdrawn()));
    }
    if (report.superseded() > 0) {
      line.append(String.format(", %,d superseded", report.superseded()));
    }
    if (report.rejected() > 0) {
      line.append(String.format(", %,d rejected", report.rejected()));
    }
    return line.toString();
  }

  static void rejections(SourceReport report, PrintWriter err) {
    if (report.rejected() == 0) {
      return;
    }
    err.printf("bulwark: warning: %,d document(s) of %s are not valid OSV and were left out%n", report.rejected(),
        Terminal.sanitize(report.source()));
    report.rejections().forEach(r -> err.println("  " + Terminal.sanitize(r)));
    if (report.rejected() > report.rejections().size()) {
      err.println("  …");
    }
  }

  static String totals(StoreMetadata metadata) {
    return String.format("%s: %,d advisories (%,d distinct ids) from %d source(s), naming %,d packages",
        Terminal.sanitize(metadata.location()), metadata.advisoryCount(), metadata.distinctIds(),
        metadata.sources().size(), metadata.packageCount());
  }
}
