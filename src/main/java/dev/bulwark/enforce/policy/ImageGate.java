package dev.bulwark.enforce.policy;

import dev.bulwark.BulwarkException;
import dev.bulwark.enforce.GuardRequest;
import dev.bulwark.enforce.policy.RuleDecider.Violation;
import dev.bulwark.image.Digest;
import dev.bulwark.image.Image;
import dev.bulwark.image.ImageSource;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.InventoryService;
import dev.bulwark.vuln.cvss.Rating;
import dev.bulwark.vuln.db.AdvisoryStore;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.scan.ScanOptions;
import dev.bulwark.vuln.scan.ScanReport;
import dev.bulwark.vuln.scan.ScanService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Refuses containers whose image has vulnerabilities at or above a severity. An image is scanned
 * from the Engine the first time a container is created from it, and the verdict is kept by image
 * id (the config digest), so later containers of that image cost a lookup. An image that cannot be
 * scanned is refused too: the gate fails closed.
 */
public final class ImageGate {
  public static final String VULNERABLE = "image-vulnerable";
  public static final String SCAN_FAILED = "image-scan-failed";

  private final Rating threshold;
  private final boolean ignoreUnfixed;
  private final Function<String, ImageSource> sources;
  private final InventoryService inventories;
  private final AdvisoryStore store;
  private final Clock clock;
  private final Map<Digest, Optional<String>> verdicts = new ConcurrentHashMap<>();

  /**
   * @param sources opens an image by the name a container create names (the Engine's images)
   */
  public ImageGate(Rating threshold, boolean ignoreUnfixed, Function<String, ImageSource> sources,
      InventoryService inventories, AdvisoryStore store, Clock clock) {
    this.threshold = threshold;
    this.ignoreUnfixed = ignoreUnfixed;
    this.sources = sources;
    this.inventories = inventories;
    this.store = store;
    this.clock = clock;
  }

  Optional<Violation> check(GuardRequest request) {
    String name = request.attributes().getOrDefault("image", "");
    if (name.isEmpty()) {
      return Optional.of(new Violation(SCAN_FAILED, "the request names no image to scan", "name the image"));
    }
    try (ImageSource source = sources.apply(name)) {
      Image image = source.image();
      Digest id = image.configDigest().orElseThrow(() -> new IllegalStateException("the Engine gave no image id"));
      return verdicts.computeIfAbsent(id, key -> verdict(source, name))
          .map(why -> new Violation(VULNERABLE, "image " + name + " (" + id.shortHex() + ") " + why,
              "rebuild the image on fixed versions (bulwark scan docker:" + name + " lists them), or exempt it in the policy"));
    } catch (BulwarkException | IllegalStateException e) {
      return Optional.of(new Violation(SCAN_FAILED, "image " + name + " could not be scanned (" + e.getMessage() + ")",
          "make the image available to the Engine and the advisory database readable"));
    }
  }

  /** Why the image is refused, or empty when it passes. */
  private Optional<String> verdict(ImageSource source, String name) {
    Inventory inventory = inventories.inventory(source, "docker:" + name);
    ScanReport report = new ScanService(store)
        .scan(inventory, new ScanOptions(ignoreUnfixed, List.of(), Duration.ofDays(36500), clock.instant()));
    List<Finding> blocking = report.findings().stream()
        .filter(f -> f.severity().rank() >= threshold.ordinal() + 1)
        .toList();
    if (blocking.isEmpty()) {
      return Optional.empty();
    }
    List<String> ids = blocking.stream().limit(3).map(f -> f.id() + " (" + f.severity().label() + ", " + f.pkg().name()
        + " " + f.pkg().version() + ")").toList();
    return Optional.of("has " + blocking.size() + " vulnerabilit" + (blocking.size() == 1 ? "y" : "ies") + " at or above "
        + threshold.label() + ": " + String.join(", ", ids) + (blocking.size() > 3 ? ", …" : ""));
  }
}
