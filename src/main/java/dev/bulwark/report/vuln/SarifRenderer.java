package dev.bulwark.report.vuln;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.image.Digest;
import dev.bulwark.inventory.Package;
import dev.bulwark.report.RenderContext;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.match.FindingSeverity;
import dev.bulwark.vuln.scan.ScanReport;
import dev.bulwark.vuln.scan.Suppressed;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run; one rule per advisory id
 * carrying the summary, a help link, and the CVSS score as {@code security-severity} (which GitHub
 * turns into Critical/High/Medium/Low); one result per finding, located at the file the package was
 * found in (a path relative to the image root), with a fingerprint that stays the same across runs
 * so re-uploads update alerts instead of duplicating them. Suppressed findings are results with an
 * accepted external suppression, so viewers show them as dismissed, with the reason.
 */
public final class SarifRenderer implements ScanRenderer {
  public static final String SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
  /** The partial fingerprint's key; bump its version if the fingerprint's inputs ever change. */
  public static final String FINGERPRINT_KEY = "bulwarkFinding/v1";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Override
  public String format() {
    return "sarif";
  }

  @Override
  public void render(ScanReport report, RenderContext context, OutputStream out) throws IOException {
    Rules rules = new Rules();
    ArrayNode results = NODES.arrayNode();
    for (Finding finding : report.findings()) {
      results.add(result(finding, rules.indexOf(finding), report));
    }
    for (Suppressed suppressed : report.suppressed()) {
      ObjectNode result = result(suppressed.finding(), rules.indexOf(suppressed.finding()), report);
      ObjectNode suppression = result.putArray("suppressions").addObject();
      suppression.put("kind", "external");
      suppression.put("status", "accepted");
      suppression.put("justification", suppressed.status() + (suppressed.reason().isEmpty() ? "" : ": " + suppressed.reason())
          + " (" + suppressed.by() + " " + suppressed.source() + ")");
      results.add(result);
    }

    ObjectNode root = NODES.objectNode();
    root.put("$schema", SCHEMA_URI);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "Bulwark");
    driver.put("version", context.toolVersion());
    driver.set("rules", rules.array());
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", true);
    invocation.put("endTimeUtc", DateTimeFormatter.ISO_INSTANT.format(context.timestamp()));
    if (!report.warnings().isEmpty()) {
      ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
      for (String warning : report.warnings()) {
        ObjectNode notification = notifications.addObject();
        notification.put("level", "warning");
        notification.putObject("message").put("text", warning);
      }
    }
    run.set("results", results);
    ObjectNode properties = run.putObject("properties");
    properties.put("image", report.inventory().image().name());
    report.inventory().image().manifestDigest().ifPresent(d -> properties.put("imageManifestDigest", d.toString()));
    report.inventory().image().configDigest().ifPresent(d -> properties.put("imageConfigDigest", d.toString()));
    properties.put("databaseBuilt", DateTimeFormatter.ISO_INSTANT.format(report.database().built()));
    properties.put("unfixedHidden", report.unfixedHidden());
    Reports.writeJson(out, root);
  }

  /** The rules, one per advisory id in order of first use; a rule's severity is the highest any finding gives it. */
  private static final class Rules {
    private final Map<String, ObjectNode> rules = new LinkedHashMap<>();
    private final Map<String, Integer> indexes = new LinkedHashMap<>();
    private final Map<String, Integer> ranks = new LinkedHashMap<>();

    int indexOf(Finding finding) {
      ObjectNode rule = rules.get(finding.id());
      if (rule == null) {
        rule = NODES.objectNode();
        rule.put("id", finding.id());
        rule.put("name", finding.id());
        String summary = finding.summary().isBlank() ? finding.id() : finding.summary().strip();
        rule.putObject("shortDescription").put("text", summary);
        rule.putObject("fullDescription").put("text", summary
            + (finding.aliases().isEmpty() ? "" : " (" + String.join(", ", finding.aliases()) + ")"));
        rule.putObject("defaultConfiguration").put("level", level(finding.severity()));
        ObjectNode node = rule;
        finding.references().stream().map(Reports::webLink).flatMap(Optional::stream).findFirst()
            .ifPresent(uri -> node.put("helpUri", uri));
        rule.putObject("help").put("text", helpText(finding));
        ObjectNode properties = rule.putObject("properties");
        properties.putArray("tags").add("security").add("vulnerability");
        properties.put("precision", "very-high");
        securitySeverity(finding.severity()).ifPresent(score -> properties.put("security-severity", score));
        indexes.put(finding.id(), indexes.size());
        ranks.put(finding.id(), finding.severity().rank());
        rules.put(finding.id(), rule);
      } else if (finding.severity().rank() > ranks.get(finding.id())) {
        ranks.put(finding.id(), finding.severity().rank());
        ((ObjectNode) rule.get("defaultConfiguration")).put("level", level(finding.severity()));
        ObjectNode properties = (ObjectNode) rule.get("properties");
        securitySeverity(finding.severity()).ifPresent(score -> properties.put("security-severity", score));
      }
      return indexes.get(finding.id());
    }

    ArrayNode array() {
      ArrayNode array = NODES.arrayNode();
      rules.values().forEach(array::add);
      return array;
    }
  }

  private static ObjectNode result(Finding finding, int ruleIndex, ScanReport report) {
    Package pkg = finding.pkg();
    ObjectNode result = NODES.objectNode();
    result.put("ruleId", finding.id());
    result.put("ruleIndex", ruleIndex);
    result.put("level", level(finding.severity()));
    result.putObject("message").put("text", message(finding));
    String location = pkg.locations().isEmpty() ? report.inventory().image().name() : pkg.locations().getFirst();
    ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
    physical.putObject("artifactLocation").put("uri", artifactUri(location));
    physical.putObject("region").put("startLine", 1);
    result.putObject("partialFingerprints").put(FINGERPRINT_KEY,
        Digest.sha256((finding.id() + "\n" + pkg.purl() + "\n" + location).getBytes(StandardCharsets.UTF_8)).hex());
    ObjectNode properties = result.putObject("properties");
    properties.put("purl", pkg.purl());
    properties.put("installedVersion", pkg.version());
    ArrayNode fixed = properties.putArray("fixedVersions");
    finding.fixedVersions().forEach(fixed::add);
    properties.put("status", Reports.status(finding));
    ArrayNode aliases = properties.putArray("aliases");
    finding.aliases().forEach(aliases::add);
    properties.put("severity", finding.severity().label());
    finding.severity().vector().ifPresent(v -> properties.put("cvssVector", v));
    properties.put("layer", pkg.layer());
    pkg.layerDiffId().ifPresent(d -> properties.put("layerDiffId", d.toString()));
    return result;
  }

  /** {@code Package minimist 1.2.5 (npm) is affected by GHSA-… (CVE-…): summary. Fixed in 1.2.6.} */
  static String message(Finding finding) {
    Package pkg = finding.pkg();
    String ids = finding.id() + (finding.aliases().isEmpty() ? "" : " (" + String.join(", ", finding.aliases()) + ")");
    String fix = finding.fixedVersions().isEmpty() ? (finding.unfixed() ? " No fix is released." : "")
        : " Fixed in " + String.join(", ", finding.fixedVersions()) + ".";
    String summary = finding.summary().isBlank() ? "" : ": " + finding.summary().strip();
    return "Package " + pkg.name() + " " + pkg.version() + " (" + pkg.type().purlType() + ") is affected by " + ids
        + summary + (summary.endsWith(".") ? "" : ".") + fix + " Installed at " + String.join(", ", pkg.locations()) + ".";
  }

  private static String helpText(Finding finding) {
    StringBuilder text = new StringBuilder(finding.id());
    if (!finding.aliases().isEmpty()) {
      text.append(" (").append(String.join(", ", finding.aliases())).append(")");
    }
    text.append(": ").append(finding.summary().isBlank() ? "no summary" : finding.summary().strip()).append("\n\n");
    FindingSeverity severity = finding.severity();
    text.append("Severity: ").append(severity.label());
    severity.score().ifPresent(score -> text.append(" (").append(severity.source()).append(" ").append(score)
        .append(severity.vector().map(v -> ", " + v).orElse("")).append(")"));
    if (severity.score().isEmpty() && !severity.source().isEmpty()) {
      text.append(" (").append(severity.source()).append(")");
    }
    text.append("\nFixed in: ").append(Reports.fixText(finding));
    for (String reference : finding.references()) {
      text.append("\n").append(reference);
    }
    return text.toString();
  }

  /** GitHub's mapping: error for Critical and High, warning for Medium, note below. */
  static String level(FindingSeverity severity) {
    return severity.rating().map(rating -> switch (rating) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, NONE -> "note";
    }).orElse("note");
  }

  /**
   * The CVSS score, one decimal, as GitHub reads it; for a feed's word without a score, the middle
   * of its band, so GitHub shows the same severity; nothing when nothing rates the finding.
   */
  static Optional<String> securitySeverity(FindingSeverity severity) {
    if (severity.score().isPresent()) {
      return Optional.of(String.format(Locale.ROOT, "%.1f", severity.score().orElseThrow()));
    }
    return severity.rating().map(rating -> switch (rating) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "2.0";
      case NONE -> "0.0";
    });
  }

  /**
   * A path in the image as a relative URI reference (GitHub rejects absolute ones): no leading
   * slash, every character outside the unreserved set and {@code / ! $ & ' ( ) * + , ; = @}
   * percent-encoded as UTF-8 (so a {@code :} can never read as a scheme).
   */
  static String artifactUri(String path) {
    String relative = path.replaceFirst("^/+", "");
    StringBuilder uri = new StringBuilder();
    for (byte b : relative.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/!$&'()*+,;=@".indexOf(c) >= 0) {
        uri.append((char) c);
      } else {
        uri.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return uri.isEmpty() ? "." : uri.toString();
  }
}
