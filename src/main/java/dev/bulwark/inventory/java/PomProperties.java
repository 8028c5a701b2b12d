package dev.bulwark.inventory.java;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The coordinates Maven's archiver writes to {@code META-INF/maven/<groupId>/<artifactId>/pom.properties}
 * of every artifact it packages; shading plugins copy those of the artifacts they merge.
 */
record PomProperties(String groupId, String artifactId, String version) {

  PomProperties {
    if (!MavenIds.validId(groupId) || !MavenIds.validId(artifactId) || !MavenIds.validVersion(version)) {
      throw new IllegalArgumentException("invalid Maven coordinates " + groupId + ":" + artifactId + ":" + version);
    }
  }

  /**
   * The coordinates in a {@code pom.properties} file, or empty when one of the three is missing or
   * malformed (an unfiltered {@code ${project.version}}, a name with spaces): such a file names no
   * artifact anyone could look up.
   */
  static Optional<PomProperties> parse(byte[] content) {
    Properties properties = new Properties();
    try {
      // java.util.Properties reads the ISO-8859-1 form Maven writes, with its escapes and comments.
      properties.load(new ByteArrayInputStream(content));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    String groupId = trimmed(properties.getProperty("groupId"));
    String artifactId = trimmed(properties.getProperty("artifactId"));
    String version = trimmed(properties.getProperty("version"));
    if (!MavenIds.validId(groupId) || !MavenIds.validId(artifactId) || !MavenIds.validVersion(version)) {
      return Optional.empty();
    }
    return Optional.of(new PomProperties(groupId, artifactId, version));
  }

  private static String trimmed(String value) {
    return value == null ? "" : value.strip();
  }
}
