package dev.bulwark.report.sbom;

import dev.bulwark.inventory.Inventory;
import dev.bulwark.report.RenderContext;
import java.io.IOException;
import java.io.OutputStream;

/** Writes an inventory in one format. Adding a format is one class and one line in {@link SbomFormats}. */
public interface SbomRenderer {
  /** The name users pass to --format. */
  String format();

  void render(Inventory inventory, RenderContext context, OutputStream out) throws IOException;
}
