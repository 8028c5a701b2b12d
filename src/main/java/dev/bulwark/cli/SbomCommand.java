package dev.bulwark.cli;

import dev.bulwark.image.ImageRef;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.report.RenderContext;
import dev.bulwark.report.sbom.SbomFormats;
import dev.bulwark.report.sbom.SbomRenderer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark sbom IMAGE}: list what is installed in an image. */
@Command(
    name = "sbom",
    header = "List what is installed in an image (SBOM: table, JSON, CycloneDX, SPDX).",
    mixinStandardHelpOptions = true,
    description = {
      "List the packages installed in an image: OS packages (dpkg, apk, rpm) and language packages",
      "(Java, npm, Python, Go, Rust, Ruby, .NET, PHP), with where each was found.",
      "",
      "IMAGE is docker-archive:PATH, oci-archive:PATH, oci:DIR[:TAG], dir:PATH, docker:NAME,",
      "or a registry reference, registry:HOST/REPO:TAG or bare HOST/REPO[:TAG|@DIGEST]."
    })
final class SbomCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to inventory.")
  String image;

  @Option(names = {"-f", "--format"}, defaultValue = "table", paramLabel = "FORMAT",
      description = "table, json, cyclonedx (1.6 JSON) or spdx (2.3 JSON) (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report here instead of stdout.")
  Path output;

  @Mixin ImageOptions imageOptions;
  @Mixin RenderOptions renderOptions;

  private final Map<String, String> environment;

  SbomCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    SbomRenderer renderer = SbomFormats.named(format);
    Inventory inventory = imageOptions.inventory(ImageRef.parse(image));
    RenderContext context = renderOptions.context();
    Output.write(Optional.ofNullable(output), System.out, out -> renderer.render(inventory, context, out));
    if (!inventory.warnings().isEmpty() && !renderer.format().equals("table")) {
      System.err.println("bulwark: " + inventory.warnings().size() + " warning(s); see the report's warnings");
    }
    return 0;
  }
}
