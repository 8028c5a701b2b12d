package dev.bulwark.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A package as a file records it: what an analyzer reports, before the inventory places it in the
 * image (layer, location, Package URL).
 *
 * @param name the ecosystem's full native name, as OSV writes it: {@code libc6},
 *     {@code org.apache.logging.log4j:log4j-core}, {@code @babel/core}, {@code github.com/x/y}
 * @param version the ecosystem's native version string; for deb and rpm it includes the epoch when
 *     there is one ({@code 1:2.3-4}), for rpm it is {@code [epoch:]version-release}
 * @param arch the architecture the package manager records, empty when there is none
 * @param innerPath where inside the analyzed file the package was found (a jar inside a jar), if
 *     not the file itself
 * @param installedFiles absolute paths of files the package manager installed for this package
 * @param properties further facts worth reporting, under stable keys (rendered as SBOM properties)
 */
public record PackageRecord(
    PackageType type,
    String name,
    String version,
    String arch,
    Optional<SourcePackage> source,
    List<String> licenses,
    Optional<String> sha1,
    Optional<String> modularityLabel,
    Optional<String> vendor,
    Optional<String> innerPath,
    List<String> installedFiles,
    Map<String, String> properties) {

  /** Property set on packages only declared by a lock file, not found installed. */
  public static final String LOCKFILE = "lockfile";

  public PackageRecord {
    if (name.isBlank()) {
      throw new IllegalArgumentException("package without a name");
    }
    licenses = List.copyOf(licenses);
    installedFiles = List.copyOf(installedFiles);
    properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  public static Builder builder(PackageType type, String name, String version) {
    return new Builder(type, name, version);
  }

  public Builder toBuilder() {
    Builder builder = new Builder(type, name, version).arch(arch).licenses(licenses).installedFiles(installedFiles);
    builder.source = source;
    builder.sha1 = sha1;
    builder.modularityLabel = modularityLabel;
    builder.vendor = vendor;
    builder.innerPath = innerPath;
    builder.properties.putAll(properties);
    return builder;
  }

  /** Builds records field by field; only type, name and version are required. */
  public static final class Builder {
    private final PackageType type;
    private final String name;
    private final String version;
    private String arch = "";
    private Optional<SourcePackage> source = Optional.empty();
    private List<String> licenses = List.of();
    private Optional<String> sha1 = Optional.empty();
    private Optional<String> modularityLabel = Optional.empty();
    private Optional<String> vendor = Optional.empty();
    private Optional<String> innerPath = Optional.empty();
    private List<String> installedFiles = List.of();
    private final Map<String, String> properties = new TreeMap<>();

    private Builder(PackageType type, String name, String version) {
      this.type = type;
      this.name = name;
      this.version = version;
    }

    public Builder arch(String arch) {
      this.arch = arch;
      return this;
    }

    public Builder source(String name, String version) {
      this.source = Optional.of(new SourcePackage(name, version));
      return this;
    }

    public Builder licenses(List<String> licenses) {
      this.licenses = licenses;
      return this;
    }

    public Builder sha1(String sha1) {
      this.sha1 = Optional.of(sha1);
      return this;
    }

    public Builder modularityLabel(String label) {
      this.modularityLabel = Optional.of(label);
      return this;
    }

    public Builder vendor(String vendor) {
      this.vendor = Optional.of(vendor);
      return this;
    }

    public Builder innerPath(String innerPath) {
      this.innerPath = Optional.of(innerPath);
      return this;
    }

    public Builder installedFiles(List<String> files) {
      this.installedFiles = files;
      return this;
    }

    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    public PackageRecord build() {
      return new PackageRecord(type, name, version, arch, source, licenses, sha1, modularityLabel, vendor,
          innerPath, installedFiles, properties);
    }
  }
}
