package dev.bulwark.inventory.rpm;

import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.inventory.SourcePackage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** Turns an installed package's header into a {@link PackageRecord}. */
final class RpmPackages {
  private RpmPackages() {}

  /** The name rpm gives imported signing keys; they are not installed software. */
  static final String GPG_PUBKEY = "gpg-pubkey";
  /** Property holding the epoch, also part of the version. */
  static final String EPOCH_PROPERTY = "rpm.epoch";

  private static final String SRC_SUFFIX = ".src.rpm";
  private static final String NOSRC_SUFFIX = ".nosrc.rpm";

  /**
   * The package a header describes; empty for a {@code gpg-pubkey} pseudo-package. Throws
   * {@link MalformedHeaderException} when a required tag is missing or mistyped.
   *
   * @param warnings collects problems that leave the package itself readable
   */
  static Optional<PackageRecord> toRecord(RpmHeader header, Consumer<String> warnings) {
    String name = require(header, RpmTag.NAME, "NAME");
    if (name.equals(GPG_PUBKEY)) {
      return Optional.empty();
    }
    String version = require(header, RpmTag.VERSION, "VERSION");
    String release = require(header, RpmTag.RELEASE, "RELEASE");
    OptionalLong epoch = header.integer(RpmTag.EPOCH);
    String evr = (epoch.isPresent() ? epoch.getAsLong() + ":" : "") + version + "-" + release;
    PackageRecord.Builder builder = PackageRecord.builder(PackageType.RPM, name, evr)
        .arch(header.string(RpmTag.ARCH).orElse(""));
    epoch.ifPresent(e -> builder.property(EPOCH_PROPERTY, Long.toString(e)));
    header.string(RpmTag.SOURCERPM).flatMap(RpmPackages::parseSourceRpm)
        .ifPresent(source -> builder.source(source.name(), source.version()));
    header.string(RpmTag.LICENSE).ifPresent(license -> builder.licenses(List.of(license)));
    header.string(RpmTag.VENDOR).ifPresent(builder::vendor);
    header.string(RpmTag.MODULARITYLABEL).filter(label -> !label.isEmpty()).ifPresent(builder::modularityLabel);
    builder.installedFiles(installedFiles(header, name, warnings));
    return Optional.of(builder.build());
  }

  /**
   * Splits {@code name-version-release.src.rpm} into the source name and {@code version-release};
   * empty if the file name does not have that shape.
   */
  static Optional<SourcePackage> parseSourceRpm(String sourceRpm) {
    String base;
    if (sourceRpm.endsWith(SRC_SUFFIX)) {
      base = sourceRpm.substring(0, sourceRpm.length() - SRC_SUFFIX.length());
    } else if (sourceRpm.endsWith(NOSRC_SUFFIX)) {
      base = sourceRpm.substring(0, sourceRpm.length() - NOSRC_SUFFIX.length());
    } else {
      return Optional.empty();
    }
    int releaseDash = base.lastIndexOf('-');
    int versionDash = releaseDash > 0 ? base.lastIndexOf('-', releaseDash - 1) : -1;
    if (versionDash <= 0 || releaseDash == base.length() - 1 || versionDash + 1 == releaseDash) {
      return Optional.empty();
    }
    return Optional.of(new SourcePackage(base.substring(0, versionDash), base.substring(versionDash + 1)));
  }

  /**
   * The paths the package installed (files and the directories it owns), from DIRNAMES, BASENAMES
   * and DIRINDEXES, or from the old whole-path list. An inconsistent list is dropped with a warning;
   * the package itself is still reported.
   */
  static List<String> installedFiles(RpmHeader header, String name, Consumer<String> warnings) {
    try {
      List<String> basenames = header.strings(RpmTag.BASENAMES);
      if (basenames.isEmpty()) {
        return header.strings(RpmTag.OLDFILENAMES);
      }
      List<String> dirnames = header.strings(RpmTag.DIRNAMES);
      long[] dirIndexes = header.int32s(RpmTag.DIRINDEXES);
      if (dirIndexes.length != basenames.size()) {
        warnings.accept("package " + name + ": " + basenames.size() + " BASENAMES but " + dirIndexes.length
            + " DIRINDEXES; its file list is left out");
        return List.of();
      }
      List<String> paths = new ArrayList<>(basenames.size());
      for (int i = 0; i < dirIndexes.length; i++) {
        if (dirIndexes[i] >= dirnames.size()) {
          warnings.accept("package " + name + ": DIRINDEXES entry " + dirIndexes[i] + " is past the "
              + dirnames.size() + " DIRNAMES; its file list is left out");
          return List.of();
        }
        paths.add(dirnames.get((int) dirIndexes[i]).concat(basenames.get(i)));
      }
      return paths;
    } catch (MalformedHeaderException e) {
      warnings.accept("package " + name + ": file list unreadable: " + e.getMessage());
      return List.of();
    }
  }

  private static String require(RpmHeader header, int tag, String tagName) {
    String value = header.string(tag).orElse("");
    if (value.isEmpty()) {
      throw new MalformedHeaderException("header has no " + tagName);
    }
    return value;
  }
}
