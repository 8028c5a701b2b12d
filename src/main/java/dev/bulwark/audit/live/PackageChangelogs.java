package dev.bulwark.audit.live;

import dev.bulwark.InputException;
import dev.bulwark.io.Bounded;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The CVE ids that the changelog of an installed Debian or Ubuntu package names. Distributions
 * back-port security fixes without changing the upstream version (Debian's runc
 * 1.1.5+ds1-1+deb12u1 fixes CVE-2024-21626, which upstream fixed in 1.1.12), so a rule that reads
 * the upstream version alone calls them vulnerable. Debian's own security tracker takes the same
 * convention: a CVE named in a version's changelog entry is fixed from that version on, and every
 * entry of an installed package's changelog is at or below its version.
 *
 * <p>The changelog vouches only for the binary it was installed with: it counts only when the
 * package's upstream version is the version the Engine reports for that component, so a runc
 * copied in by hand next to the package is still judged by its own version.
 */
final class PackageChangelogs {
  static final int MAX_COMPRESSED = 2 << 20;
  static final int MAX_TEXT = 16 << 20;
  private static final Pattern HEADER = Pattern.compile("^([a-z0-9][a-z0-9+.-]*) \\(([^)\\s]+)\\)");
  private static final Pattern CVE = Pattern.compile("\\bCVE-\\d{4}-\\d{4,7}\\b");

  /** The fixes one package's changelog names, and the file that says so. */
  record Fixes(String changelog, String packageVersion, Set<String> cves) {
    Fixes {
      cves = Set.copyOf(cves);
    }
  }

  private PackageChangelogs() {}

  /**
   * @param packageName the distribution package that ships the component (runc, containerd, docker.io)
   * @param reportedVersion what the Engine reports, e.g. {@code 1.1.5+ds1} or {@code v1.1.5}
   */
  static Optional<Fixes> read(HostFs fs, String packageName, String reportedVersion) {
    String reported = reportedVersion.startsWith("v") ? reportedVersion.substring(1) : reportedVersion;
    String path = "/usr/share/doc/" + packageName + "/changelog.Debian.gz";
    return fs.readBytes(path, MAX_COMPRESSED)
        .flatMap(compressed -> parse(path, packageName, gunzip(path, compressed)))
        .filter(fixes -> upstream(fixes.packageVersion()).equals(reported));
  }

  /** A changelog's text: its first entry must be {@code name}'s, else it says nothing. */
  static Optional<Fixes> parse(String path, String name, String text) {
    Matcher header = HEADER.matcher(text);
    if (!header.find() || !header.group(1).equals(name)) {
      return Optional.empty();
    }
    Set<String> cves = new TreeSet<>();
    Matcher cve = CVE.matcher(text);
    while (cve.find()) {
      cves.add(cve.group());
    }
    return Optional.of(new Fixes(path, header.group(2), cves));
  }

  /** {@code 1:1.1.5+ds1-1+deb12u1} → {@code 1.1.5+ds1}: no epoch, no Debian revision. */
  static String upstream(String packageVersion) {
    String v = packageVersion.substring(packageVersion.indexOf(':') + 1);
    int dash = v.lastIndexOf('-');
    return dash < 0 ? v : v.substring(0, dash);
  }

  private static String gunzip(String path, byte[] compressed) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      return new String(Bounded.readAll(in, MAX_TEXT, path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InputException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
