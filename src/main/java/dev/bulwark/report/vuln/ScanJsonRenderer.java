package dev.bulwark.report.vuln;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.inventory.Package;
import dev.bulwark.report.RenderContext;
import dev.bulwark.report.sbom.JsonRenderer;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.scan.ScanReport;
import dev.bulwark.vuln.scan.Suppressed;
import java.io.IOException;
import java.io.OutputStream;
import java.time.format.DateTimeFormatter;

/** Bulwark's scan JSON, documented in docs/scan-json-format.md; stable within its schema version. */
public final class ScanJsonRenderer implements ScanRenderer {
  public static final String SCHEMA = "bulwark-scan/1";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Override
  public String format() {
    return "json";
  }

  @Override
  public void render(ScanReport report, RenderContext context, OutputStream out) throws IOException {
    ObjectNode root = NODES.objectNode();
    root.put("schema", SCHEMA);
    root.put("generator", context.toolName() + " " + context.toolVersion());
    root.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(context.timestamp()));
    root.set("image", JsonRenderer.image(report.inventory().image()));
    report.inventory().distro().ifPresent(d -> root.set("distro", JsonRenderer.distro(d)));
    ObjectNode database = root.putObject("database");
    database.put("location", report.database().location());
    database.put("built", DateTimeFormatter.ISO_INSTANT.format(report.database().built()));
    database.put("advisories", report.database().advisories());
    ArrayNode sources = database.putArray("sources");
    report.database().sources().forEach(sources::add);
    report.database().staleWarning().ifPresent(w -> database.put("staleWarning", w));
    ObjectNode summary = root.putObject("summary");
    Summary counts = Summary.of(report.findings());
    summary.put("total", counts.total());
    counts.bySeverity().forEach((label, count) -> summary.put(label.toLowerCase(java.util.Locale.ROOT), count));
    summary.put("suppressed", report.suppressed().size());
    summary.put("unfixedHidden", report.unfixedHidden());
    summary.put("packages", report.inventory().packages().size());
    summary.put("affectedPackages", counts.packages());
    ArrayNode findings = root.putArray("findings");
    for (Finding finding : report.findings()) {
      findings.add(finding(finding));
    }
    ArrayNode suppressed = root.putArray("suppressed");
    for (Suppressed s : report.suppressed()) {
      ObjectNode node = finding(s.finding());
      ObjectNode why = node.putObject("suppression");
      why.put("by", s.by());
      why.put("status", s.status());
      why.put("reason", s.reason());
      why.put("source", s.source());
      suppressed.add(node);
    }
    ArrayNode warnings = root.putArray("warnings");
    report.warnings().forEach(warnings::add);
    Reports.writeJson(out, root);
  }

  /** One finding as the JSON format and other renderers write it. */
  public static ObjectNode finding(Finding f) {
    ObjectNode node = NODES.objectNode();
    node.put("id", f.id());
    ArrayNode aliases = node.putArray("aliases");
    f.aliases().forEach(aliases::add);
    Package p = f.pkg();
    ObjectNode pkg = node.putObject("package");
    pkg.put("purl", p.purl());
    pkg.put("type", p.type().purlType());
    pkg.put("name", p.name());
    pkg.put("version", p.version());
    p.record().source().ifPresent(source -> {
      ObjectNode s = pkg.putObject("source");
      s.put("name", source.name());
      s.put("version", source.version());
    });
    ObjectNode layer = pkg.putObject("layer");
    layer.put("index", p.layer());
    p.layerDiffId().ifPresent(d -> layer.put("diffId", d.toString()));
    ArrayNode locations = pkg.putArray("locations");
    p.locations().forEach(locations::add);
    ObjectNode severity = node.putObject("severity");
    severity.put("rating", f.severity().label());
    f.severity().score().ifPresent(score -> severity.put("score", score));
    f.severity().vector().ifPresent(vector -> severity.put("vector", vector));
    severity.put("source", f.severity().source());
    ArrayNode fixed = node.putArray("fixedVersions");
    f.fixedVersions().forEach(fixed::add);
    node.put("status", Reports.status(f));
    node.put("summary", f.summary());
    node.put("ecosystem", f.ecosystem());
    ArrayNode references = node.putArray("references");
    f.references().forEach(references::add);
    return node;
  }
}
