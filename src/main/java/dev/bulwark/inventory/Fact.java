package dev.bulwark.inventory;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * What an analyzer learned from one file. Facts are per file and per layer (so they can be cached
 * by layer); the inventory joins them across files once the layers are stacked.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "fact")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Fact.FoundPackage.class, name = "package"),
  @JsonSubTypes.Type(value = Fact.ReleaseFile.class, name = "release"),
  @JsonSubTypes.Type(value = Fact.OwnedFiles.class, name = "owned-files"),
  @JsonSubTypes.Type(value = Fact.Warning.class, name = "warning")
})
public sealed interface Fact {
  /**
   * A package recorded in the file. Analyzers leave {@code foundBy} to the layer scanner, which
   * fills in the analyzer's type.
   */
  record FoundPackage(PackageRecord pkg, String foundBy) implements Fact {
    public FoundPackage {
      java.util.Objects.requireNonNull(pkg, "pkg");
      foundBy = foundBy == null ? "" : foundBy; // absent from JSON written before the scanner named analyzers
    }

    public FoundPackage(PackageRecord pkg) {
      this(pkg, "");
    }
  }

  /**
   * A file that identifies the distribution ({@code os-release}, {@code alpine-release}, the apk
   * repositories, …) with the fields it gives. {@code kind} is one of the {@code *_KIND} names of
   * {@code dev.bulwark.inventory.distro.ReleaseFiles}.
   */
  record ReleaseFile(String kind, Map<String, String> fields) implements Fact {
    public ReleaseFile {
      fields = Map.copyOf(fields);
    }
  }

  /**
   * Files a package manager says a package installed, when it records them apart from the package
   * (dpkg's {@code info/<package>[:<arch>].list}).
   */
  record OwnedFiles(PackageType format, String packageName, String arch, List<String> paths) implements Fact {
    public OwnedFiles {
      paths = List.copyOf(paths);
    }
  }

  /** Something about the file the user should know: it was skipped, or read in part. */
  record Warning(String message) implements Fact {}
}
