package dev.bulwark.inventory.java;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The artifactId and version a Java archive's file name gives, when it follows the
 * {@code <artifactId>-<version>[-<classifier>].jar} convention Maven and Gradle use when they copy
 * dependencies ({@code jackson-databind-2.9.10.8.jar}, {@code guava-31.1-jre.jar}).
 *
 * <p>The version starts at a hyphen followed by a digit. When several hyphens qualify, the first is
 * taken unless a word that is not a version qualifier follows it and is itself followed by another
 * number: {@code log4j-1.2-api-2.17.1} is {@code log4j-1.2-api} at {@code 2.17.1}, while
 * {@code commons-lang-2.0-beta-1} is {@code commons-lang} at {@code 2.0-beta-1}. Eclipse-style
 * names ({@code org.eclipse.osgi_3.18.0.v20220516}) put an underscore before the version, and no hyphen
 * before that.
 */
record ArchiveFileName(String artifactId, String version) {

  /** Words that occur inside Maven versions ({@code 2.0-beta-1}, {@code 1.0-SNAPSHOT}, {@code 9.4-rc-2}). */
  private static final Set<String> QUALIFIERS = Set.of("a", "alpha", "b", "beta", "m", "milestone", "rc", "cr",
      "snapshot", "ga", "final", "release", "sp", "incubating", "ea", "pre", "preview", "dev", "build", "patch",
      "hotfix", "u", "update", "r", "v");

  /** The name without directories and without its archive extension. */
  static String stem(String fileName) {
    String base = fileName.substring(fileName.lastIndexOf('/') + 1);
    return JavaArchiveAnalyzer.hasArchiveSuffix(base) ? base.substring(0, base.length() - 4) : base;
  }

  static Optional<ArchiveFileName> parse(String fileName) {
    String stem = stem(fileName);
    int underscore = stem.indexOf('_');
    int hyphen = stem.indexOf('-');
    if (underscore > 0 && (hyphen < 0 || underscore < hyphen) && underscore + 1 < stem.length()
        && isDigit(stem.charAt(underscore + 1))) {
      return of(stem.substring(0, underscore), stem.substring(underscore + 1));
    }
    for (int i = hyphen; i > 0; i = stem.indexOf('-', i + 1)) {
      if (i + 1 < stem.length() && isDigit(stem.charAt(i + 1)) && plainVersion(stem.substring(i + 1))) {
        return of(stem.substring(0, i), stem.substring(i + 1));
      }
    }
    return Optional.empty();
  }

  private static Optional<ArchiveFileName> of(String artifactId, String version) {
    if (!MavenIds.validId(artifactId) || !MavenIds.validVersion(version)) {
      return Optional.empty();
    }
    return Optional.of(new ArchiveFileName(artifactId, version));
  }

  /** False when a non-qualifier word in the candidate is followed by a number: the name goes on. */
  private static boolean plainVersion(String candidate) {
    String[] parts = candidate.split("-", -1);
    for (int k = 1; k + 1 < parts.length; k++) {
      String part = parts[k];
      if (!part.isEmpty() && Character.isLetter(part.charAt(0)) && !parts[k + 1].isEmpty()
          && isDigit(parts[k + 1].charAt(0)) && !QUALIFIERS.contains(wordOf(part))) {
        return false;
      }
    }
    return true;
  }

  /** {@code rc2} → {@code rc}, {@code M1} → {@code m}. */
  private static String wordOf(String part) {
    int end = part.length();
    while (end > 0 && isDigit(part.charAt(end - 1))) {
      end--;
    }
    return part.substring(0, end).toLowerCase(Locale.ROOT);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
