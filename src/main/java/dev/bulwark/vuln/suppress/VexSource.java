package dev.bulwark.vuln.suppress;

import dev.bulwark.InputException;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.Package;
import dev.bulwark.io.Bounded;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.scan.Suppressed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The statements of one or more OpenVEX documents, applied together: of the statements that name
 * one of a finding's ids and a product that is the finding's package (or the image, with the
 * package as subcomponent or no subcomponents at all), the latest wins, and it suppresses the
 * finding when its status is {@code not_affected} or {@code fixed}. A later {@code affected} or
 * {@code under_investigation} statement so revives a finding an earlier one suppressed.
 */
public final class VexSource implements SuppressionSource {
  private final List<VexDocument> documents;
  private final Map<String, List<Candidate>> byVulnerability = new HashMap<>();
  private final Optional<ImageIdentity> image;
  private final List<PurlPattern> inventoryPurls;

  private record Candidate(VexDocument document, VexDocument.Statement statement, int order) {}

  public VexSource(List<VexDocument> documents) {
    this(documents, Optional.empty());
  }

  private VexSource(List<VexDocument> documents, Optional<Inventory> inventory) {
    this.documents = List.copyOf(documents);
    this.image = inventory.map(i -> new ImageIdentity(i.image()));
    this.inventoryPurls = inventory.map(i -> i.packages().stream().map(Package::purl).map(PurlPattern::parse)
        .flatMap(Optional::stream).toList()).orElse(List.of());
    int order = 0;
    for (VexDocument document : this.documents) {
      for (VexDocument.Statement statement : document.statements()) {
        Candidate candidate = new Candidate(document, statement, order++);
        Set<String> keys = new LinkedHashSet<>();
        for (String id : statement.vulnerabilities()) {
          keys.add(key(id));
        }
        for (String key : keys) {
          byVulnerability.computeIfAbsent(key, k -> new ArrayList<>()).add(candidate);
        }
      }
    }
  }

  /** Reads the documents; a file that is missing, unreadable or not OpenVEX is an error naming it. */
  public static VexSource load(List<Path> files) {
    List<VexDocument> documents = new ArrayList<>();
    for (Path file : files) {
      String source = file.toString();
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = Bounded.readAll(in, OpenVexParser.MAX_DOCUMENT_BYTES, "VEX document " + source);
      } catch (NoSuchFileException e) {
        throw new InputException("VEX document " + source + ": no such file", e);
      } catch (IOException e) {
        throw new InputException("VEX document " + source + ": cannot read: " + e.getMessage(), e);
      }
      documents.add(OpenVexParser.parse(bytes, source));
    }
    return new VexSource(documents);
  }

  @Override
  public SuppressionSource forInventory(Inventory inventory) {
    return new VexSource(documents, Optional.of(inventory));
  }

  @Override
  public Optional<Suppressed> suppress(Finding finding, Instant now) {
    Optional<PurlPattern> pkg = PurlPattern.parse(finding.pkg().purl());
    Candidate latest = null;
    Set<Integer> seen = new HashSet<>();
    for (String id : finding.ids()) {
      for (Candidate candidate : byVulnerability.getOrDefault(key(id), List.of())) {
        if (!seen.add(candidate.order()) || !applies(candidate.statement(), pkg)) {
          continue;
        }
        if (latest == null || later(candidate, latest)) {
          latest = candidate;
        }
      }
    }
    if (latest == null || !latest.statement().status().suppresses()) {
      return Optional.empty();
    }
    VexDocument.Statement statement = latest.statement();
    return Optional.of(new Suppressed(finding, "vex", statement.status().label(), statement.reason(),
        latest.document().source()));
  }

  @Override
  public List<String> warnings(Instant now, List<Finding> findings) {
    if (image.isPresent()) {
      return List.of();
    }
    List<String> warnings = new ArrayList<>();
    for (VexDocument document : documents) {
      long unbound = document.statements().stream()
          .filter(s -> s.products().stream().anyMatch(p -> !p.subcomponents().isEmpty() || !isPackage(p)))
          .count();
      if (unbound > 0) {
        warnings.add("VEX document " + document.source() + ": " + unbound + " statement" + (unbound == 1 ? "" : "s")
            + " about the image or about packages inside other packages could not be applied");
      }
    }
    return warnings;
  }

  /** The later statement; of two made at the same time, the one read last (later file, later in the file). */
  private static boolean later(Candidate a, Candidate b) {
    int byTime = a.statement().timestamp().compareTo(b.statement().timestamp());
    return byTime > 0 || byTime == 0 && a.order() > b.order();
  }

  private boolean applies(VexDocument.Statement statement, Optional<PurlPattern> pkg) {
    for (VexDocument.Product product : statement.products()) {
      boolean isImage = image.isPresent() && product.identifiers().stream().anyMatch(image.orElseThrow()::isNamedBy);
      if (product.subcomponents().isEmpty()) {
        if (isImage || pkg.isPresent() && names(product.identifiers(), pkg.orElseThrow())) {
          return true;
        }
        continue;
      }
      boolean container = isImage || product.identifiers().stream().map(PurlPattern::parse).flatMap(Optional::stream)
          .anyMatch(pattern -> inventoryPurls.stream().anyMatch(pattern::matches));
      if (container && pkg.isPresent()
          && product.subcomponents().stream().anyMatch(c -> names(c.identifiers(), pkg.orElseThrow()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean names(List<String> identifiers, PurlPattern pkg) {
    for (String identifier : identifiers) {
      Optional<PurlPattern> pattern = PurlPattern.parse(identifier);
      if (pattern.isPresent() && pattern.orElseThrow().matches(pkg)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPackage(VexDocument.Product product) {
    return product.identifiers().stream().map(PurlPattern::parse).flatMap(Optional::stream)
        .anyMatch(p -> !p.type().equals("oci"));
  }

  /**
   * Ids compare case-insensitively; an IRI such as {@code https://nvd.nist.gov/vuln/detail/CVE-…}
   * stands for its last path segment.
   */
  private static String key(String id) {
    String text = id.strip();
    if (text.startsWith("https://") || text.startsWith("http://")) {
      String path = text.replaceAll("[?#].*$", "").replaceAll("/+$", "");
      text = path.substring(path.lastIndexOf('/') + 1);
    }
    return text.toLowerCase(Locale.ROOT);
  }
}
