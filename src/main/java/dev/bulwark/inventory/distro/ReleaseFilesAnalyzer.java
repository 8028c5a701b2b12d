package dev.bulwark.inventory.distro;

import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.Analyzer;
import dev.bulwark.inventory.Fact;
import dev.bulwark.layer.LayerEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Reads the files of {@link ReleaseFiles#PATHS} into {@link Fact.ReleaseFile} facts; which
 * distribution they add up to is {@link DistroDetector}'s question, once the layers are stacked.
 */
public final class ReleaseFilesAnalyzer implements Analyzer {
  /** Bytes of one release file; real ones are under 2 KiB. */
  static final int MAX_RELEASE_FILE_BYTES = 64 * 1024;

  @Override
  public String type() {
    return "release-files";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(LayerEntry entry) {
    String path = entry.path();
    return (path.startsWith("/etc/") || path.startsWith("/usr/lib/os"))
        && ReleaseFiles.kindOf(path).isPresent();
  }

  @Override
  public List<Fact> analyze(AnalyzedFile file) throws IOException {
    Optional<String> kind = ReleaseFiles.kindOf(file.path());
    if (kind.isEmpty()) {
      return List.of();
    }
    if (file.size() > MAX_RELEASE_FILE_BYTES) {
      return List.of(new Fact.Warning("release file not read: " + file.size() + " bytes is over the limit of "
          + MAX_RELEASE_FILE_BYTES));
    }
    String text = new String(file.readAll(MAX_RELEASE_FILE_BYTES), StandardCharsets.UTF_8);
    try {
      return List.of(new Fact.ReleaseFile(kind.get(), ReleaseFiles.parse(kind.get(), text)));
    } catch (IllegalArgumentException e) {
      return List.of(new Fact.Warning("release file not read: " + e.getMessage()));
    }
  }
}
