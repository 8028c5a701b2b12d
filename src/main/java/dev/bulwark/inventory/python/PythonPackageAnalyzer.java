package dev.bulwark.inventory.python;

import dev.bulwark.LimitExceededException;
import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.Analyzer;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.io.Bounded;
import dev.bulwark.layer.LayerEntry;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Installed Python distributions, from their core metadata: {@code *.dist-info/METADATA} (wheels,
 * pip), {@code *.egg-info/PKG-INFO} and single-file {@code *.egg-info} (setuptools, distro
 * packages), {@code *.egg/EGG-INFO/PKG-INFO} (unzipped eggs) and {@code EGG-INFO/PKG-INFO} inside a
 * zipped {@code *.egg}. Any directory counts: images install into site-packages, dist-packages,
 * virtual environments and odd prefixes alike.
 *
 * <p>The name is reported as written ({@code PyYAML}); PEP 503 normalization happens when matching.
 * Licences: {@code License-Expression} (PEP 639) when present, else the {@code License} field when
 * it is a name (not {@code UNKNOWN}, not a whole licence text), else the last part of each
 * {@code License ::} classifier.
 */
public final class PythonPackageAnalyzer implements Analyzer {
  public static final String TYPE = "python-metadata";

  /** Metadata is a few KiB, with a long description up to a few hundred; past this it is no metadata. */
  static final long MAX_METADATA_BYTES = 16L << 20;

  /** A {@code License} field longer than this, or over several lines, is a licence text, not a name. */
  private static final int MAX_LICENSE_NAME = 100;

  private static final String EGG_METADATA = "EGG-INFO/PKG-INFO";
  private static final String UNZIPPED_EGG_METADATA = "/" + EGG_METADATA;
  private static final String CLASSIFIER_PREFIX = "License :: ";
  private static final String CLASSIFIER_SEPARATOR = " :: ";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(LayerEntry entry) {
    String path = entry.path();
    if (path.endsWith("/METADATA")) {
      return parentEndsWith(path, "/METADATA".length(), ".dist-info");
    }
    if (path.endsWith("/PKG-INFO")) {
      return parentEndsWith(path, "/PKG-INFO".length(), ".egg-info") || path.endsWith(UNZIPPED_EGG_METADATA);
    }
    return path.endsWith(".egg-info") || path.endsWith(".egg");
  }

  private static boolean parentEndsWith(String path, int nameLength, String suffix) {
    int end = path.length() - nameLength;
    return end >= suffix.length() && path.startsWith(suffix, end - suffix.length());
  }

  @Override
  public List<Fact> analyze(AnalyzedFile file) throws IOException {
    if (file.path().endsWith(".egg")) {
      return analyzeEgg(file);
    }
    if (file.size() > MAX_METADATA_BYTES) {
      return List.of(tooLarge(file.size()));
    }
    try (InputStream in = file.open()) {
      return facts(read(in));
    }
  }

  /**
   * A zipped egg: its metadata is the {@code EGG-INFO/PKG-INFO} entry; an egg without one is skipped.
   * Only the central directory and that entry are read, whatever the egg's size.
   */
  private static List<Fact> analyzeEgg(AnalyzedFile file) throws IOException {
    Path local = file.file();
    try (ZipFile zip = new ZipFile(local.toFile(), StandardCharsets.UTF_8)) {
      ZipEntry entry = zip.getEntry(EGG_METADATA);
      if (entry == null || entry.isDirectory()) {
        return List.of();
      }
      if (entry.getSize() > MAX_METADATA_BYTES) {
        return List.of(tooLarge(entry.getSize()));
      }
      byte[] metadata;
      try (InputStream in = zip.getInputStream(entry)) {
        metadata = Bounded.readAll(in, MAX_METADATA_BYTES, EGG_METADATA);
      } catch (LimitExceededException e) {
        return List.of(new Fact.Warning(EGG_METADATA + " inflates past the limit of " + MAX_METADATA_BYTES
            + " bytes; not read"));
      }
      return facts(read(new ByteArrayInputStream(metadata)));
    } catch (IOException e) {
      // The egg is on local disk by now: a failure here is the archive's, not the layer's.
      return List.of(new Fact.Warning("egg is not a readable zip archive: " + e.getMessage()));
    }
  }

  private static CoreMetadata read(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    return CoreMetadata.read(reader);
  }

  private static List<Fact> facts(CoreMetadata metadata) {
    Optional<String> name = metadata.name();
    Optional<String> version = metadata.version();
    if (name.isEmpty() || version.isEmpty()) {
      return List.of(new Fact.Warning("core metadata without a Name and a Version"));
    }
    return List.of(new Fact.FoundPackage(PackageRecord.builder(PackageType.PYPI, name.get(), version.get())
        .licenses(licenses(metadata))
        .build()));
  }

  static List<String> licenses(CoreMetadata metadata) {
    if (metadata.licenseExpression().isPresent()) {
      return List.of(metadata.licenseExpression().get());
    }
    Optional<String> license = metadata.license().filter(PythonPackageAnalyzer::isLicenseName);
    if (license.isPresent()) {
      return List.of(license.get());
    }
    Set<String> names = new LinkedHashSet<>();
    for (String classifier : metadata.classifiers()) {
      if (classifier.startsWith(CLASSIFIER_PREFIX)) {
        String last = classifier.substring(classifier.lastIndexOf(CLASSIFIER_SEPARATOR) + CLASSIFIER_SEPARATOR.length())
            .strip();
        if (!last.isEmpty() && !last.equals("OSI Approved")) {
          names.add(last);
        }
      }
    }
    return List.copyOf(names);
  }

  private static boolean isLicenseName(String license) {
    return !license.equalsIgnoreCase("UNKNOWN") && license.length() <= MAX_LICENSE_NAME && license.indexOf('\n') < 0;
  }

  private static Fact tooLarge(long size) {
    return new Fact.Warning("metadata of " + size + " bytes is over the limit of " + MAX_METADATA_BYTES + "; not read");
  }
}
