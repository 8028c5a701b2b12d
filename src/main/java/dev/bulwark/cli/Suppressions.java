package dev.bulwark.cli;

import dev.bulwark.vuln.suppress.SuppressionSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Loads the suppression files a scan was given. */
final class Suppressions {
  private Suppressions() {}

  static List<SuppressionSource> load(List<Path> vexFiles, Optional<Path> ignoreFile) {
    List<SuppressionSource> sources = new ArrayList<>();
    if (!vexFiles.isEmpty() || ignoreFile.isPresent()) {
      throw new dev.bulwark.UsageException("--vex and --ignore-file arrive with the suppression work");
    }
    return sources;
  }
}
