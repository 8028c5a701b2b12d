package dev.bulwark.cli;

import dev.bulwark.UsageException;
import dev.bulwark.cache.LayerCache;
import dev.bulwark.image.ImageRef;
import dev.bulwark.image.ImageSource;
import dev.bulwark.image.ImageSources;
import dev.bulwark.image.Platform;
import dev.bulwark.inventory.Analyzers;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.InventoryService;
import dev.bulwark.inventory.Progress;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.io.Limits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** Options every command that reads images shares. */
final class ImageOptions {
  static final long DEFAULT_CACHE_BYTES = 1L << 30;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", defaultValue = "linux/amd64",
      description = "Platform to pick from a multi-arch image (default: ${DEFAULT-VALUE}).")
  String platform;

  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
      description = "Allow plain HTTP to this registry (repeatable). Never use it over an untrusted network.")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(names = "--registry-ca", paramLabel = "FILE",
      description = "Trust this PEM CA certificate for registries (repeatable), besides the system's and /etc/docker/certs.d.")
  List<Path> registryCa = new ArrayList<>();

  @Option(names = "--docker-config", paramLabel = "FILE",
      description = "Docker config.json with registry credentials (default: $DOCKER_CONFIG/config.json, ~/.docker/config.json).")
  Path dockerConfig;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Layer cache directory (default: $BULWARK_CACHE_DIR, else $XDG_CACHE_HOME/bulwark/layers, else ~/.cache/bulwark/layers).")
  Path cacheDir;

  @Option(names = "--no-cache", description = "Neither read nor write the layer cache.")
  boolean noCache;

  @Option(names = "--cache-size", paramLabel = "BYTES", defaultValue = "1G",
      description = "Bound on the layer cache's size, e.g. 500M, 2G (default: ${DEFAULT-VALUE}).")
  String cacheSize;

  private final Map<String, String> environment;

  ImageOptions(Map<String, String> environment) {
    this.environment = environment;
  }

  SourceOptions sourceOptions() {
    return new SourceOptions(Platform.parse(platform), Set.copyOf(insecureRegistries), registryCa,
        Optional.ofNullable(dockerConfig), environment, Limits.DEFAULT);
  }

  /** Reads and inventories the image, with a progress display when stderr is a terminal. */
  Inventory inventory(ImageRef ref) {
    Progress progress = Terminal.stderrIsTerminal(environment) ? new ProgressDisplay(System.err) : Progress.NONE;
    InventoryService service = new InventoryService(Analyzers.all(), cache(), Limits.DEFAULT, progress);
    try (ImageSource source = ImageSources.open(ref, sourceOptions())) {
      return service.inventory(source, ref.display());
    }
  }

  Optional<LayerCache> cache() {
    if (noCache) {
      return Optional.empty();
    }
    return Optional.of(new LayerCache(cacheDirectory(), Sizes.parse(cacheSize, "--cache-size")));
  }

  private Path cacheDirectory() {
    if (cacheDir != null) {
      return cacheDir;
    }
    String configured = environment.get("BULWARK_CACHE_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String xdg = environment.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "bulwark", "layers");
    }
    String home = environment.get("HOME");
    if (home == null || home.isBlank()) {
      throw new UsageException("no cache directory: set HOME, BULWARK_CACHE_DIR or --cache-dir, or pass --no-cache");
    }
    return Path.of(home, ".cache", "bulwark", "layers");
  }
}
