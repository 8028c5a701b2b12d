package dev.bulwark.report.vuln;

import dev.bulwark.inventory.ImageSummary;
import dev.bulwark.inventory.Package;
import dev.bulwark.report.Html;
import dev.bulwark.report.RenderContext;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.scan.DatabaseSummary;
import dev.bulwark.vuln.scan.ScanReport;
import dev.bulwark.vuln.scan.Suppressed;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One self-contained HTML page for people: image and database facts, warnings, a severity chart,
 * a sortable, filterable table of findings, and what was suppressed and why. It loads nothing (no
 * scripts, fonts or images from anywhere) and its Content Security Policy lets only its own inline
 * script run. Every string from the image or the advisories is escaped.
 */
public final class HtmlRenderer implements ScanRenderer {
  private static final String[] SEVERITIES = {"Critical", "High", "Medium", "Low", "None", "Unknown"};

  @Override
  public String format() {
    return "html";
  }

  @Override
  public void render(ScanReport report, RenderContext context, OutputStream out) throws IOException {
    StringBuilder html = new StringBuilder(64 * 1024);
    String image = report.inventory().image().name();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; ")
        .append("script-src ").append(HtmlAssets.scriptHash()).append("; base-uri 'none'; form-action 'none'\">\n")
        .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Vulnerabilities in ").append(Html.text(image)).append("</title>\n")
        .append("<style>\n").append(HtmlAssets.STYLE).append("</style>\n</head>\n<body>\n");
    html.append("<header><h1>Vulnerabilities in <span class=\"mono\">").append(Html.text(image)).append("</span></h1>\n")
        .append("<p class=\"muted\">").append(Html.text(context.toolName() + " " + context.toolVersion()))
        .append(", ").append(Html.text(DateTimeFormatter.ISO_INSTANT.format(context.timestamp().truncatedTo(ChronoUnit.SECONDS))))
        .append("</p></header>\n");
    summary(html, report);
    warnings(html, report.warnings());
    findings(html, report.findings());
    suppressed(html, report.suppressed());
    imageSection(html, report);
    database(html, report.database(), context);
    html.append("<footer>Severity ratings are CVSS base scores where an advisory gives a vector, otherwise the feed's own ")
        .append("rating. This page is self-contained and loads nothing.</footer>\n");
    html.append("<script>").append(HtmlAssets.SCRIPT).append("</script>\n</body>\n</html>\n");
    out.write(html.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void summary(StringBuilder html, ScanReport report) {
    Summary counts = Summary.of(report.findings());
    html.append("<section id=\"summary\"><h2>Summary</h2>\n<div class=\"summary\">\n");
    chart(html, counts.bySeverity());
    html.append("<div><p class=\"headline\">").append(Html.text(counts.headline())).append("</p>\n<p>")
        .append(report.suppressed().size()).append(" suppressed")
        .append(report.unfixedHidden() ? "; findings without a released fix are hidden (--ignore-unfixed)" : "")
        .append("; ").append(report.inventory().packages().size()).append(" packages scanned</p></div>\n</div></section>\n");
  }

  /** Horizontal bars, one per severity, scaled to the largest count; an inline SVG, so nothing is fetched. */
  private static void chart(StringBuilder html, Map<String, Integer> counts) {
    int max = Math.max(1, counts.values().stream().mapToInt(Integer::intValue).max().orElse(1));
    int rowHeight = 26;
    int width = 420;
    int barSpace = 260;
    html.append("<svg id=\"severity-chart\" role=\"img\" aria-labelledby=\"chart-title\" width=\"").append(width)
        .append("\" height=\"").append(rowHeight * SEVERITIES.length + 4).append("\" viewBox=\"0 0 ").append(width)
        .append(' ').append(rowHeight * SEVERITIES.length + 4).append("\">\n<title id=\"chart-title\">Findings by severity</title>\n");
    for (int i = 0; i < SEVERITIES.length; i++) {
      String label = SEVERITIES[i];
      int count = counts.getOrDefault(label, 0);
      int y = i * rowHeight + 2;
      int bar = count == 0 ? 0 : Math.max(2, (int) Math.round((double) count * barSpace / max));
      String css = label.toLowerCase(Locale.ROOT);
      html.append("<g class=\"bar\" data-severity=\"").append(css).append("\" data-count=\"").append(count).append("\">")
          .append("<text x=\"0\" y=\"").append(y + 17).append("\" font-size=\"13\">").append(label).append("</text>")
          .append("<rect x=\"80\" y=\"").append(y + 3).append("\" width=\"").append(bar).append("\" height=\"18\" rx=\"3\" ")
          .append("class=\"fill-").append(css).append("\"></rect>")
          .append("<text x=\"").append(86 + bar).append("\" y=\"").append(y + 17).append("\" font-size=\"13\">")
          .append(count).append("</text></g>\n");
    }
    html.append("</svg>\n");
  }

  private static void warnings(StringBuilder html, List<String> warnings) {
    if (warnings.isEmpty()) {
      return;
    }
    html.append("<section id=\"warnings\" class=\"warn\"><strong>").append(warnings.size())
        .append(warnings.size() == 1 ? " warning" : " warnings").append("</strong><ul>\n");
    for (String warning : warnings) {
      html.append("<li>").append(Html.text(warning)).append("</li>\n");
    }
    html.append("</ul></section>\n");
  }

  private static void findings(StringBuilder html, List<Finding> findings) {
    html.append("<section><h2>Findings</h2>\n");
    if (findings.isEmpty()) {
      html.append("<p id=\"no-findings\">No known vulnerabilities in the packages found.</p></section>\n");
      return;
    }
    html.append("<div class=\"controls\"><label for=\"filter\">Filter</label>")
        .append("<input id=\"filter\" type=\"search\" autocomplete=\"off\" placeholder=\"id, package, path, summary…\">")
        .append("<span class=\"muted\"><span id=\"shown\">").append(findings.size()).append("</span> of ")
        .append(findings.size()).append(" shown</span></div>\n");
    html.append("<table id=\"findings\">\n<thead><tr>");
    String[][] columns = {
      {"severity", "Severity", "number"}, {"score", "Score", "number"}, {"id", "Vulnerability", "text"},
      {"package", "Package", "text"}, {"installed", "Installed", "text"}, {"fixed", "Fixed in", "text"},
      {"layer", "Layer", "number"}, {"location", "Location", "text"}, {"summary", "Summary", "text"}};
    for (String[] column : columns) {
      html.append("<th scope=\"col\" data-key=\"").append(column[0]).append("\" data-type=\"").append(column[2])
          .append("\"><button type=\"button\">").append(column[1]).append("</button></th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (Finding finding : findings) {
      Package pkg = finding.pkg();
      String severity = finding.severity().label();
      html.append("<tr data-id=\"").append(Html.text(finding.id())).append("\">")
          .append("<td data-v=\"").append(finding.severity().rank()).append("\"><span class=\"sev sev-")
          .append(severity.toLowerCase(Locale.ROOT)).append("\">").append(Html.text(severity)).append("</span></td>")
          .append("<td class=\"num\" data-v=\"").append(finding.severity().score().map(String::valueOf).orElse("-1"))
          .append("\">").append(Html.text(finding.severity().score().map(s -> String.format(Locale.ROOT, "%.1f", s)).orElse("")))
          .append("</td>")
          .append("<td class=\"id\" data-v=\"").append(Html.text(finding.id())).append("\">");
      Optional<String> link = finding.references().stream().map(Reports::webLink).flatMap(Optional::stream).findFirst();
      if (link.isPresent()) {
        html.append("<a href=\"").append(Html.text(link.orElseThrow())).append("\" rel=\"noopener noreferrer\">")
            .append(Html.text(finding.id())).append("</a>");
      } else {
        html.append(Html.text(finding.id()));
      }
      if (!finding.aliases().isEmpty()) {
        html.append("<span class=\"aliases\">").append(Html.text(String.join(", ", finding.aliases()))).append("</span>");
      }
      html.append("</td><td title=\"").append(Html.text(pkg.purl())).append("\">").append(Html.text(pkg.name()))
          .append("</td><td class=\"mono\">").append(Html.text(pkg.version()))
          .append("</td><td class=\"mono\">").append(Html.text(Reports.fixText(finding)))
          .append("</td><td class=\"num\">").append(pkg.layer())
          .append("</td><td class=\"loc mono\">").append(Html.text(String.join("\n", pkg.locations())))
          .append("</td><td>").append(Html.text(finding.summary())).append("</td></tr>\n");
    }
    html.append("</tbody>\n</table></section>\n");
  }

  private static void suppressed(StringBuilder html, List<Suppressed> suppressed) {
    html.append("<section id=\"suppressed\"><h2>Suppressed</h2>\n");
    if (suppressed.isEmpty()) {
      html.append("<p>Nothing was suppressed.</p></section>\n");
      return;
    }
    html.append("<table id=\"suppressed-findings\"><thead><tr><th>Vulnerability</th><th>Package</th><th>Installed</th>")
        .append("<th>Severity</th><th>Status</th><th>By</th><th>Reason</th></tr></thead>\n<tbody>\n");
    for (Suppressed s : suppressed) {
      Finding f = s.finding();
      html.append("<tr><td class=\"id\">").append(Html.text(f.id()))
          .append(f.aliases().isEmpty() ? "" : "<span class=\"aliases\">" + Html.text(String.join(", ", f.aliases())) + "</span>")
          .append("</td><td title=\"").append(Html.text(f.pkg().purl())).append("\">").append(Html.text(f.pkg().name()))
          .append("</td><td class=\"mono\">").append(Html.text(f.pkg().version()))
          .append("</td><td>").append(Html.text(f.severity().label()))
          .append("</td><td>").append(Html.text(s.status()))
          .append("</td><td>").append(Html.text(s.by() + " " + s.source()))
          .append("</td><td>").append(Html.text(s.reason())).append("</td></tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  private static void imageSection(StringBuilder html, ScanReport report) {
    ImageSummary image = report.inventory().image();
    html.append("<section id=\"image\"><h2>Image</h2>\n<dl>\n");
    entry(html, "Name", image.name());
    report.inventory().distro().ifPresent(d -> entry(html, "Distribution",
        d.prettyName().isEmpty() ? d.id() + " " + d.versionId() : d.prettyName()));
    entry(html, "Platform", image.os() + "/" + image.architecture());
    image.manifestDigest().ifPresent(d -> entry(html, "Manifest digest", d.toString()));
    image.configDigest().ifPresent(d -> entry(html, "Config digest", d.toString()));
    if (!image.repoTags().isEmpty()) {
      entry(html, "Tags", String.join(", ", image.repoTags()));
    }
    if (!image.repoDigests().isEmpty()) {
      entry(html, "Repository digests", String.join(", ", image.repoDigests()));
    }
    entry(html, "Packages", Integer.toString(report.inventory().packages().size()));
    html.append("</dl>\n<table id=\"layers\"><thead><tr><th>Layer</th><th>Diff id</th><th>Created by</th></tr></thead><tbody>\n");
    for (ImageSummary.LayerSummary layer : image.layers()) {
      html.append("<tr><td class=\"num\">").append(layer.index()).append("</td><td class=\"loc mono\">")
          .append(Html.text(layer.diffId().map(Object::toString).orElse(""))).append("</td><td class=\"loc mono\">")
          .append(Html.text(layer.createdBy().orElse(""))).append("</td></tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  private static void database(StringBuilder html, DatabaseSummary database, RenderContext context) {
    long days = Math.max(0, Duration.between(database.built(), context.timestamp()).toDays());
    html.append("<section id=\"database\"><h2>Advisory database</h2>\n<dl>\n");
    entry(html, "Location", database.location());
    entry(html, "Built", DateTimeFormatter.ISO_INSTANT.format(database.built().truncatedTo(ChronoUnit.SECONDS)));
    entry(html, "Age", days + (days == 1 ? " day" : " days"));
    entry(html, "Advisories", Long.toString(database.advisories()));
    entry(html, "Sources", String.join(", ", database.sources()));
    html.append("</dl>\n");
    database.staleWarning().ifPresent(w -> html.append("<p class=\"warn\" id=\"stale\">").append(Html.text(w)).append("</p>\n"));
    html.append("</section>\n");
  }

  private static void entry(StringBuilder html, String term, String value) {
    html.append("<dt>").append(Html.text(term)).append("</dt><dd>").append(Html.text(value)).append("</dd>\n");
  }
}
