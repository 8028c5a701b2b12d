package dev.bulwark.cli;

import dev.bulwark.vuln.suppress.IgnoreFileSource;
import dev.bulwark.vuln.suppress.SuppressionSource;
import dev.bulwark.vuln.suppress.VexSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads the suppression files a scan was given, before the image is read, so a malformed file
 * fails fast. All VEX documents form one source: the latest statement wins across files.
 */
final class Suppressions {
  private Suppressions() {}

  static List<SuppressionSource> load(List<Path> vexFiles, Optional<Path> ignoreFile) {
    List<SuppressionSource> sources = new ArrayList<>();
    if (!vexFiles.isEmpty()) {
      sources.add(VexSource.load(vexFiles));
    }
    ignoreFile.ifPresent(file -> sources.add(IgnoreFileSource.load(file)));
    return sources;
  }
}
