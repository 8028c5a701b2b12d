package dev.bulwark.inventory.java;

import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.Analyzer;
import dev.bulwark.inventory.Fact;
import dev.bulwark.layer.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Maven artifacts in Java archives ({@code .jar .war .ear .par .sar .jpi .hpi .kar}) and in the
 * archives nested in them ({@code WEB-INF/lib/}, {@code BOOT-INF/lib/}, an EAR's modules, jars in
 * jars), each reported as a {@code MAVEN} package named {@code groupId:artifactId}.
 *
 * <p>What is reported, and why, is described in {@link ArchiveIdentity}; how an archive is read, in
 * {@link ArchiveLevel}; the bounds on untrusted archives, in {@link ArchiveBounds}.
 *
 * <p>Each package carries:
 *
 * <ul>
 *   <li>{@code sha1}: the hex SHA-1 of the archive it is the artifact of — the analyzed file, or for a
 *       nested archive, that archive's own bytes; absent for artifacts merged into a shaded jar, and
 *       for an archive that could not be read to its end;
 *   <li>{@code innerPath}: for a package in a nested archive, the entry names leading to it, joined
 *       by {@code !/} as in {@code jar:} URLs: {@code BOOT-INF/lib/jackson-databind-2.9.10.8.jar},
 *       {@code web.war!/WEB-INF/lib/log4j-core-2.14.1.jar}; absent for the analyzed file itself;
 *   <li>properties {@value ArchiveIdentity#SOURCE} ({@code pom.properties}, {@code manifest} or
 *       {@code filename}), {@value ArchiveIdentity#EMBEDDED} and {@value ArchiveIdentity#GROUP_UNKNOWN}.
 * </ul>
 */
public final class JavaArchiveAnalyzer implements Analyzer {
  public static final String TYPE = "java-archive";

  private final ArchiveBounds bounds;

  public JavaArchiveAnalyzer() {
    this(ArchiveBounds.DEFAULT);
  }

  public JavaArchiveAnalyzer(ArchiveBounds bounds) {
    this.bounds = bounds;
  }

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
    return hasArchiveSuffix(entry.path());
  }

  @Override
  public List<Fact> analyze(AnalyzedFile file) throws IOException {
    if (file.size() == 0) {
      return List.of();
    }
    ArchiveScan scan = new ArchiveScan(bounds, file::scratch, file.size());
    String path = file.path();
    try (InputStream in = file.open()) {
      new ArchiveLevel(scan, 0, path.substring(path.lastIndexOf('/') + 1), Optional.empty()).read(in);
    }
    return scan.facts();
  }

  /**
   * Whether a name ends in one of the Java archive extensions, in any case. Called for every file of
   * every layer: no allocation, no regex.
   */
  static boolean hasArchiveSuffix(String name) {
    int n = name.length();
    if (n < 5 || name.charAt(n - 4) != '.' || name.charAt(n - 5) == '/') {
      return false;
    }
    char a = lower(name.charAt(n - 3));
    char b = lower(name.charAt(n - 2));
    char c = lower(name.charAt(n - 1));
    return switch (a) {
      case 'j' -> (b == 'a' && c == 'r') || (b == 'p' && c == 'i');
      case 'w', 'e', 'p', 's', 'k' -> b == 'a' && c == 'r';
      case 'h' -> b == 'p' && c == 'i';
      default -> false;
    };
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
