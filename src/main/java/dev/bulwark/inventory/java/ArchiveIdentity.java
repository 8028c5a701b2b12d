package dev.bulwark.inventory.java;

import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides which Maven artifacts one archive holds, from what was read in it: its
 * {@code pom.properties} files, its manifest and its file name.
 *
 * <p><b>pom.properties</b> are authoritative. A plain jar has one, a shaded or uber jar one per
 * artifact merged into it; each is reported. The archive's own artifact is the one its file name
 * names ({@code surefire-api-2.12.4.jar} → {@code surefire-api}), else the one its manifest title
 * names, else the only one when the file name says nothing ({@code app.jar}). Only the own artifact
 * carries the archive's SHA-1: the others were merged into it and have no file of their own, and a
 * SHA-1 lookup must not mistake them for the archive. They are marked {@value #EMBEDDED}.
 *
 * <p><b>No own pom.properties</b> (Gradle and Ant builds, renamed jars): the artifactId and version
 * come from the file name when it follows {@code name-version.jar}, else from the manifest
 * ({@code Implementation-Title}/{@code -Version}, {@code Specification-*}, {@code Bundle-Name}/{@code
 * -Version}). No groupId is guessed: pom.properties is the only place an archive records it. The
 * manifest's hints are wrong too often, and a wrong groupId matches another package's advisories:
 * {@code Implementation-Vendor-Id} is {@code org.apache} in Maven 1 builds of commons-chain and
 * commons-digester (groupIds {@code commons-chain}, {@code commons-digester}) and in Ant builds of
 * Ivy ({@code org.apache.ivy}); {@code Bundle-SymbolicName: org.apache.tomcat-embed-websocket}
 * belongs to {@code org.apache.tomcat.embed}. Such a package is named by its bare artifactId and
 * marked {@value #GROUP_UNKNOWN}; resolving it is left to the matcher, which knows the
 * {@code groupId:artifactId} names advisories use and can look the SHA-1 up. (On the 1,140 jars of
 * a local Maven repository, 734 are named by pom.properties, all correctly; 404 by file name with
 * the right artifactId and version.)
 */
final class ArchiveIdentity {
  /** How the name and version were found: {@code pom.properties}, {@code manifest} or {@code filename}. */
  static final String SOURCE = "java.source";

  /** {@code true} on an artifact whose pom.properties was merged into another archive (shading). */
  static final String EMBEDDED = "java.embedded";

  /** {@code true} when no groupId was found; the package name is then the bare artifactId. */
  static final String GROUP_UNKNOWN = "java.groupIdUnknown";

  static final String FROM_POM = "pom.properties";
  static final String FROM_MANIFEST = "manifest";
  static final String FROM_FILENAME = "filename";

  private ArchiveIdentity() {}

  /**
   * @param fileName the archive's own name (last path segment)
   * @param poms the distinct pom.properties read in the archive, in archive order
   * @param sha1 the SHA-1 of the archive's bytes, when they could all be read
   * @param innerPath where the archive sits inside the analyzed file; empty for the file itself
   */
  static List<PackageRecord> packages(String fileName, List<PomProperties> poms, Optional<JarManifest> manifest,
      Optional<String> sha1, Optional<String> innerPath) {
    Optional<ArchiveFileName> named = ArchiveFileName.parse(fileName);
    Optional<PomProperties> own = own(ArchiveFileName.stem(fileName), named, poms, manifest);
    List<PackageRecord> found = new ArrayList<>(poms.size() + 1);
    own.ifPresent(pom -> found.add(record(pom.groupId(), pom.artifactId(), pom.version(), FROM_POM, sha1, innerPath)
        .build()));
    for (PomProperties pom : poms) {
      if (own.isEmpty() || pom != own.get()) {
        found.add(record(pom.groupId(), pom.artifactId(), pom.version(), FROM_POM, Optional.empty(), innerPath)
            .property(EMBEDDED, "true").build());
      }
    }
    if (own.isEmpty()) {
      fallback(named, manifest)
          .filter(id -> poms.stream().noneMatch(p -> p.artifactId().equals(id.artifactId)
              && p.version().equals(id.version)))
          .ifPresent(id -> found.add(record("", id.artifactId, id.version, id.source, sha1, innerPath).build()));
    }
    return found;
  }

  private static Optional<PomProperties> own(String stem, Optional<ArchiveFileName> named, List<PomProperties> poms,
      Optional<JarManifest> manifest) {
    for (PomProperties pom : poms) {
      String coordinates = pom.artifactId() + "-" + pom.version();
      if (stem.equals(coordinates) || stem.startsWith(coordinates + "-") || stem.equals(pom.artifactId())) {
        return Optional.of(pom);
      }
    }
    if (named.isPresent()) {
      return poms.stream().filter(p -> p.artifactId().equals(named.get().artifactId())).findFirst();
    }
    Optional<String> title = manifest.flatMap(m -> m.value("Implementation-Title"));
    if (title.isPresent()) {
      Optional<PomProperties> titled = poms.stream().filter(p -> p.artifactId().equals(title.get())).findFirst();
      if (titled.isPresent()) {
        return titled;
      }
    }
    return poms.size() == 1 ? Optional.of(poms.getFirst()) : Optional.empty();
  }

  private record Fallback(String artifactId, String version, String source) {}

  private static Optional<Fallback> fallback(Optional<ArchiveFileName> named, Optional<JarManifest> manifest) {
    if (named.isPresent()) {
      return Optional.of(new Fallback(named.get().artifactId(), named.get().version(), FROM_FILENAME));
    }
    if (manifest.isEmpty()) {
      return Optional.empty();
    }
    JarManifest m = manifest.get();
    Optional<String> artifactId = firstId(m, "Implementation-Title", "Specification-Title", "Bundle-Name");
    Optional<String> version = firstVersion(m, "Implementation-Version", "Specification-Version", "Bundle-Version");
    if (artifactId.isEmpty() || version.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Fallback(artifactId.get(), version.get(), FROM_MANIFEST));
  }

  private static Optional<String> firstId(JarManifest manifest, String... names) {
    for (String name : names) {
      Optional<String> value = manifest.value(name).filter(MavenIds::validId);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  /** The first version-like value; {@code 1.4 1855 April 22 2006} (Apache Axis) gives {@code 1.4}. */
  private static Optional<String> firstVersion(JarManifest manifest, String... names) {
    for (String name : names) {
      Optional<String> value = manifest.value(name)
          .map(ArchiveIdentity::firstToken)
          .filter(v -> !v.isEmpty() && Character.isDigit(v.charAt(0)) && MavenIds.validVersion(v));
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  private static String firstToken(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isWhitespace(value.charAt(i))) {
        return value.substring(0, i);
      }
    }
    return value;
  }

  private static PackageRecord.Builder record(String groupId, String artifactId, String version, String source,
      Optional<String> sha1, Optional<String> innerPath) {
    String name = groupId.isEmpty() ? artifactId : groupId + ":" + artifactId;
    PackageRecord.Builder builder = PackageRecord.builder(PackageType.MAVEN, name, version).property(SOURCE, source);
    if (groupId.isEmpty()) {
      builder.property(GROUP_UNKNOWN, "true");
    }
    sha1.ifPresent(builder::sha1);
    innerPath.ifPresent(builder::innerPath);
    return builder;
  }
}
