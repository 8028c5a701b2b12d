package dev.bulwark.report.vuln;

import dev.bulwark.inventory.Package;
import dev.bulwark.report.RenderContext;
import dev.bulwark.report.sbom.CycloneDxRenderer;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.match.FindingSeverity;
import dev.bulwark.vuln.scan.ScanReport;
import dev.bulwark.vuln.scan.Suppressed;
import dev.bulwark.vuln.suppress.IgnoreFileSource;
import dev.bulwark.vuln.suppress.VexJustification;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.component.evidence.Occurrence;
import org.cyclonedx.model.vulnerability.Vulnerability;

/**
 * CycloneDX 1.6: the SBOM of {@link CycloneDxRenderer} plus a {@code vulnerabilities} section. One
 * entry per advisory id lists every affected component (by bom-ref) with its installed version;
 * findings a VEX statement or the ignore file suppressed get their own entry with an
 * {@code analysis} saying why ({@code not_affected} and {@code resolved} for VEX; the ignore
 * file's reason as detail only, since ignoring is a decision, not a finding about exploitability).
 */
public final class CycloneDxScanRenderer implements ScanRenderer {
  @Override
  public String format() {
    return "cyclonedx";
  }

  @Override
  public void render(ScanReport report, RenderContext context, OutputStream out) throws IOException {
    Bom bom = CycloneDxRenderer.bom(report.inventory(), context);
    Map<String, String> references = componentReferences(bom);
    Map<String, Group> groups = new LinkedHashMap<>();
    for (Finding finding : report.findings()) {
      groups.computeIfAbsent(finding.id(), id -> new Group(finding, Optional.empty())).findings.add(finding);
    }
    for (Suppressed suppressed : report.suppressed()) {
      String key = suppressed.finding().id() + "\n" + suppressed.by() + "\n" + suppressed.status() + "\n"
          + suppressed.reason() + "\n" + suppressed.source();
      groups.computeIfAbsent(key, k -> new Group(suppressed.finding(), Optional.of(suppressed)))
          .findings.add(suppressed.finding());
    }
    List<Vulnerability> vulnerabilities = new ArrayList<>();
    Map<String, Integer> refCounts = new HashMap<>();
    StringBuilder identity = new StringBuilder(bom.getSerialNumber());
    for (Group group : groups.values()) {
      int count = refCounts.merge(group.first.id(), 1, Integer::sum);
      String bomRef = count == 1 ? "vuln:" + group.first.id() : "vuln:" + group.first.id() + "#" + count;
      vulnerabilities.add(vulnerability(group, bomRef, references));
      identity.append('\n').append(bomRef);
      group.findings.forEach(f -> identity.append(' ').append(f.pkg().purl()));
    }
    bom.setVulnerabilities(vulnerabilities);
    // Not the SBOM's serial number: this is another document about the same image.
    bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes(identity.toString().getBytes(StandardCharsets.UTF_8)));
    out.write(CycloneDxRenderer.toJson(bom).getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }

  private static final class Group {
    final Finding first;
    final Optional<Suppressed> suppression;
    final List<Finding> findings = new ArrayList<>();

    Group(Finding first, Optional<Suppressed> suppression) {
      this.first = first;
      this.suppression = suppression;
    }
  }

  private static Vulnerability vulnerability(Group group, String bomRef, Map<String, String> references) {
    Finding finding = group.first;
    Vulnerability vulnerability = new Vulnerability();
    vulnerability.setBomRef(bomRef);
    vulnerability.setId(finding.id());
    vulnerability.setSource(source(finding.id()));
    List<Vulnerability.Reference> aliases = new ArrayList<>();
    for (String alias : finding.aliases()) {
      Vulnerability.Reference reference = new Vulnerability.Reference();
      reference.setId(alias);
      reference.setSource(source(alias));
      aliases.add(reference);
    }
    if (!aliases.isEmpty()) {
      vulnerability.setReferences(aliases);
    }
    vulnerability.setRatings(List.of(rating(finding.severity())));
    if (!finding.summary().isBlank()) {
      vulnerability.setDescription(finding.summary().strip());
    }
    List<Vulnerability.Advisory> advisories = new ArrayList<>();
    for (String reference : finding.references()) {
      Reports.webLink(reference).ifPresent(url -> {
        Vulnerability.Advisory advisory = new Vulnerability.Advisory();
        advisory.setUrl(url);
        advisories.add(advisory);
      });
    }
    if (!advisories.isEmpty()) {
      vulnerability.setAdvisories(advisories);
    }
    vulnerability.setRecommendation(finding.fixedVersions().isEmpty()
        ? (finding.unfixed() ? "No fixed version is released." : "No fixed version is known.")
        : "Upgrade to " + String.join(" or ", finding.fixedVersions()) + ".");
    boolean unaffected = group.suppression.map(s -> s.by().equals("vex")).orElse(false);
    Map<String, Vulnerability.Affect> affects = new LinkedHashMap<>(); // one per component, as the schema requires
    for (Finding f : group.findings) {
      String ref = references.getOrDefault(key(f.pkg()), f.pkg().purl());
      Vulnerability.Affect affect = affects.computeIfAbsent(ref, r -> {
        Vulnerability.Affect created = new Vulnerability.Affect();
        created.setRef(r);
        return created;
      });
      boolean listed = affect.getVersions() != null
          && affect.getVersions().stream().anyMatch(v -> v.getVersion().equals(f.pkg().version()));
      if (!listed) {
        Vulnerability.Version version = new Vulnerability.Version();
        version.setVersion(f.pkg().version());
        version.setStatus(unaffected ? Vulnerability.Version.Status.UNAFFECTED : Vulnerability.Version.Status.AFFECTED);
        affect.addVersion(version);
      }
    }
    vulnerability.setAffects(new ArrayList<>(affects.values()));
    group.suppression.ifPresent(s -> vulnerability.setAnalysis(analysis(s)));
    List<Property> properties = new ArrayList<>();
    properties.add(property("bulwark:status", Reports.status(finding)));
    properties.add(property("bulwark:ecosystem", finding.ecosystem()));
    group.suppression.ifPresent(s -> {
      properties.add(property("bulwark:suppressedBy", s.by()));
      properties.add(property("bulwark:suppressionSource", s.source()));
    });
    vulnerability.setProperties(properties);
    return vulnerability;
  }

  static Vulnerability.Analysis analysis(Suppressed suppressed) {
    Vulnerability.Analysis analysis = new Vulnerability.Analysis();
    if (suppressed.by().equals("vex")) {
      analysis.setState(suppressed.status().equals("fixed") ? Vulnerability.Analysis.State.RESOLVED
          : Vulnerability.Analysis.State.NOT_AFFECTED);
      VexJustification.leading(suppressed.reason()).map(CycloneDxScanRenderer::justification)
          .ifPresent(analysis::setJustification);
    }
    String who = suppressed.by().equals(IgnoreFileSource.BY) ? "ignored by " : "VEX " + suppressed.status() + " in ";
    analysis.setDetail(who + suppressed.source() + (suppressed.reason().isEmpty() ? "" : ": " + suppressed.reason()));
    return analysis;
  }

  /** CycloneDX has finer justifications than VEX; each VEX one maps to the nearest. */
  static Vulnerability.Analysis.Justification justification(VexJustification justification) {
    return switch (justification) {
      case COMPONENT_NOT_PRESENT, VULNERABLE_CODE_NOT_PRESENT -> Vulnerability.Analysis.Justification.CODE_NOT_PRESENT;
      case VULNERABLE_CODE_NOT_IN_EXECUTE_PATH -> Vulnerability.Analysis.Justification.CODE_NOT_REACHABLE;
      case VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY -> Vulnerability.Analysis.Justification.REQUIRES_ENVIRONMENT;
      case INLINE_MITIGATIONS_ALREADY_EXIST -> Vulnerability.Analysis.Justification.PROTECTED_BY_MITIGATING_CONTROL;
    };
  }

  static Vulnerability.Rating rating(FindingSeverity severity) {
    Vulnerability.Rating rating = new Vulnerability.Rating();
    severity.score().ifPresent(rating::setScore);
    rating.setSeverity(severity.rating().map(r -> switch (r) {
      case CRITICAL -> Vulnerability.Rating.Severity.CRITICAL;
      case HIGH -> Vulnerability.Rating.Severity.HIGH;
      case MEDIUM -> Vulnerability.Rating.Severity.MEDIUM;
      case LOW -> Vulnerability.Rating.Severity.LOW;
      case NONE -> Vulnerability.Rating.Severity.NONE;
    }).orElse(Vulnerability.Rating.Severity.UNKNOWN));
    rating.setMethod(switch (severity.source()) {
      case "CVSS:3.1" -> Vulnerability.Rating.Method.CVSSV31;
      case "CVSS:3.0" -> Vulnerability.Rating.Method.CVSSV3;
      case "CVSS:4.0" -> Vulnerability.Rating.Method.CVSSV4;
      case "CVSS:2.0" -> Vulnerability.Rating.Method.CVSSV2;
      default -> Vulnerability.Rating.Method.OTHER;
    });
    severity.vector().ifPresent(rating::setVector);
    if (!severity.source().isEmpty() && !severity.source().startsWith("CVSS:")) {
      Vulnerability.Source source = new Vulnerability.Source();
      source.setName(severity.source());
      rating.setSource(source);
    }
    return rating;
  }

  /** Who publishes an id, by its prefix; OSV, which mirrors them all, for the rest. */
  static Vulnerability.Source source(String id) {
    String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8);
    Vulnerability.Source source = new Vulnerability.Source();
    if (id.startsWith("GHSA-")) {
      source.setName("GitHub Advisory Database");
      source.setUrl("https://github.com/advisories/" + encoded);
    } else if (id.startsWith("CVE-")) {
      source.setName("NVD");
      source.setUrl("https://nvd.nist.gov/vuln/detail/" + encoded);
    } else if (id.startsWith("GO-")) {
      source.setName("Go Vulnerability Database");
      source.setUrl("https://pkg.go.dev/vuln/" + encoded);
    } else {
      source.setName("OSV");
      source.setUrl("https://osv.dev/vulnerability/" + encoded);
    }
    return source;
  }

  /** bom-refs of the package components, by Package URL and locations, as the SBOM renderer assigned them. */
  private static Map<String, String> componentReferences(Bom bom) {
    Map<String, String> references = new HashMap<>();
    for (Component component : Optional.ofNullable(bom.getComponents()).orElse(List.of())) {
      if (component.getPurl() == null) {
        continue;
      }
      List<String> locations = new ArrayList<>();
      if (component.getEvidence() != null && component.getEvidence().getOccurrences() != null) {
        for (Occurrence occurrence : component.getEvidence().getOccurrences()) {
          locations.add(occurrence.getLocation());
        }
      }
      references.putIfAbsent(component.getPurl() + "\n" + String.join("\n", locations), component.getBomRef());
    }
    return references;
  }

  private static String key(Package pkg) {
    return pkg.purl() + "\n" + String.join("\n", pkg.locations());
  }

  private static Property property(String name, String value) {
    Property property = new Property();
    property.setName(name);
    property.setValue(value);
    return property;
  }
}
