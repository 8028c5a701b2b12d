package dev.bulwark.cli;

import dev.bulwark.image.ImageRef;
import dev.bulwark.image.ImageSource;
import dev.bulwark.image.ImageSources;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.inventory.Analyzers;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.InventoryService;
import dev.bulwark.inventory.Progress;
import dev.bulwark.io.Limits;
import dev.bulwark.report.RenderContext;
import dev.bulwark.report.sbom.SbomFormats;
import dev.bulwark.report.sbom.SbomRenderer;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Not for users: the launcher runs it once after a build, under
 * {@code -XX:ArchiveClassesAtExit}, so that the class data sharing archive holds every class an
 * inventory and each SBOM format load. Later runs map that archive and start in a fraction of the
 * time.
 */
@Command(name = "train-startup", hidden = true, description = "Exercises the common paths for the startup archive.")
final class TrainStartupCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IMAGE")
  String image;

  private final Map<String, String> environment;

  TrainStartupCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws IOException {
    ImageRef ref = ImageRef.parse(image);
    Inventory inventory;
    try (ImageSource source = ImageSources.open(ref, SourceOptions.defaults(environment))) {
      inventory = new InventoryService(Analyzers.all(), Optional.empty(), Limits.DEFAULT, Progress.NONE)
          .inventory(source, ref.display());
    }
    RenderContext context = new RenderContext(Instant.EPOCH, "bulwark", Version.current());
    for (SbomRenderer renderer : SbomFormats.all()) {
      renderer.render(inventory, context, OutputStream.nullOutputStream());
    }
    return 0;
  }
}
