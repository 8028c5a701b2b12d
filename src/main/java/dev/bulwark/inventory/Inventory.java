package dev.bulwark.inventory;

import dev.bulwark.inventory.distro.Distro;
import java.util.List;
import java.util.Optional;

/**
 * What is installed in an image: its distribution, its packages, and the warnings met on the way
 * (entries refused, files that could not be analyzed). Warnings never stand for an error: an
 * error stops the scan instead.
 */
public record Inventory(ImageSummary image, Optional<Distro> distro, List<Package> packages, List<String> warnings) {
  public Inventory {
    packages = List.copyOf(packages);
    warnings = List.copyOf(warnings);
  }
}
