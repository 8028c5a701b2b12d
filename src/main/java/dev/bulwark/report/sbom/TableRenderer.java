package dev.bulwark.report.sbom;

import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.Package;
import dev.bulwark.report.RenderContext;
import dev.bulwark.report.TextTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A table for people: one row per package, with where it came from. */
public final class TableRenderer implements SbomRenderer {
  @Override
  public String format() {
    return "table";
  }

  @Override
  public void render(Inventory inventory, RenderContext context, OutputStream out) throws IOException {
    PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
    print.println(inventory.image().name()
        + inventory.distro().map(d -> " (" + (d.prettyName().isEmpty() ? d.id() + " " + d.versionId() : d.prettyName()) + ")")
            .orElse(""));
    print.println(inventory.packages().size() + " packages in " + inventory.image().layers().size() + " layer"
        + (inventory.image().layers().size() == 1 ? "" : "s"));
    print.println();
    TextTable table = new TextTable(List.of("NAME", "VERSION", "TYPE", "LAYER", "LOCATION"));
    for (Package p : inventory.packages()) {
      String location = p.locations().getFirst() + (p.locations().size() > 1 ? " (+" + (p.locations().size() - 1) + ")" : "");
      table.row(List.of(p.name(), p.version(), p.type().purlType(), Integer.toString(p.layer()), location));
    }
    table.print(print);
    if (!inventory.warnings().isEmpty()) {
      print.println();
      print.println(inventory.warnings().size() + " warning" + (inventory.warnings().size() == 1 ? "" : "s") + ":");
      inventory.warnings().forEach(w -> print.println("  " + w));
    }
    print.flush();
  }
}
