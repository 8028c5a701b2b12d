package dev.bulwark.report.vuln;

import dev.bulwark.report.RenderContext;
import dev.bulwark.report.TextTable;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.scan.ScanReport;
import dev.bulwark.vuln.scan.Suppressed;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** A table for people: a headline by severity, one row per finding, then what was suppressed and why. */
public final class ScanTableRenderer implements ScanRenderer {
  @Override
  public String format() {
    return "table";
  }

  @Override
  public void render(ScanReport report, RenderContext context, OutputStream out) throws IOException {
    PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
    print.println(report.inventory().image().name() + report.inventory().distro()
        .map(d -> " (" + (d.prettyName().isEmpty() ? d.id() + " " + d.versionId() : d.prettyName()) + ")").orElse(""));
    print.println("advisories: " + report.database().advisories() + " from " + report.database().location()
        + ", built " + DateTimeFormatter.ISO_INSTANT.format(report.database().built().truncatedTo(ChronoUnit.SECONDS)));
    print.println(Summary.of(report.findings()).headline()
        + (report.suppressed().isEmpty() ? "" : "; " + report.suppressed().size() + " suppressed")
        + (report.unfixedHidden() ? "; unfixed hidden" : ""));
    if (!report.findings().isEmpty()) {
      print.println();
      TextTable table = new TextTable(List.of("PACKAGE", "INSTALLED", "VULNERABILITY", "SEVERITY", "FIXED IN", "SUMMARY"));
      for (Finding f : report.findings()) {
        String fixed = f.fixedVersions().isEmpty() ? (f.unfixed() ? "(no fix yet)" : "(unknown)")
            : String.join(", ", f.fixedVersions());
        String id = f.aliases().isEmpty() || f.aliases().getFirst().equals(f.id()) ? f.id()
            : f.id() + " " + f.aliases().getFirst();
        table.row(List.of(f.pkg().name(), f.pkg().version(), id, f.severity().label(), fixed, f.summary()));
      }
      table.print(print);
    }
    if (!report.suppressed().isEmpty()) {
      print.println();
      print.println("Suppressed:");
      for (Suppressed s : report.suppressed()) {
        print.println("  " + s.finding().id() + " in " + s.finding().pkg().name() + " " + s.finding().pkg().version()
            + ": " + s.status() + " (" + s.by() + " " + s.source() + ")" + (s.reason().isEmpty() ? "" : ": " + s.reason()));
      }
    }
    if (!report.warnings().isEmpty()) {
      print.println();
      print.println(report.warnings().size() + " warning" + (report.warnings().size() == 1 ? "" : "s") + ":");
      report.warnings().forEach(w -> print.println("  " + w));
    }
    print.flush();
  }
}
