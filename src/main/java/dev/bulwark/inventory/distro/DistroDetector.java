package dev.bulwark.inventory.distro;

import dev.bulwark.inventory.Fact;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which distribution the release files of a stacked image add up to. os-release is the standard and
 * wins ({@code /etc} before {@code /usr/lib}); older or stripped images fall back to
 * {@code alpine-release}, the Red Hat–style release files, {@code lsb-release} and last
 * {@code debian_version}. A fact that os-release leaves out (Debian testing has no VERSION_ID,
 * Ubuntu 12.10 no code name) is taken from the distribution's own file when there is one.
 */
public final class DistroDetector {
  private DistroDetector() {}

  /** Red Hat–style release names and the os-release ID each means, for files shared by all of them. */
  private static final List<Map.Entry<String, String>> REDHAT_NAMES = List.of(
      Map.entry("Red Hat", "rhel"),
      Map.entry("CentOS", "centos"),
      Map.entry("AlmaLinux", "almalinux"),
      Map.entry("Rocky Linux", "rocky"),
      Map.entry("Fedora", "fedora"),
      Map.entry("Oracle Linux", "ol"),
      Map.entry("Amazon Linux", "amzn"));

  /**
   * @param byPath the release file found at each of {@link ReleaseFiles#PATHS} (after links were
   *     resolved in the stacked image); paths without one are absent
   */
  public static Optional<Distro> detect(Map<String, Fact.ReleaseFile> byPath) {
    Files files = new Files(byPath);
    for (String path : List.of(ReleaseFiles.ETC_OS_RELEASE, ReleaseFiles.USR_LIB_OS_RELEASE)) {
      Map<String, String> osRelease = files.fields(path, ReleaseFiles.OS_RELEASE_KIND);
      if (!value(osRelease, "ID").isEmpty()) {
        return Optional.of(fromOsRelease(osRelease, files));
      }
    }
    return fromAlpineRelease(files)
        .or(() -> fromRedhatRelease(files))
        .or(() -> fromLsbRelease(files))
        .or(() -> fromDebianVersion(files));
  }

  private static Distro fromOsRelease(Map<String, String> osRelease, Files files) {
    String id = value(osRelease, "ID").toLowerCase(Locale.ROOT);
    String versionId = value(osRelease, "VERSION_ID");
    if (versionId.isEmpty()) {
      versionId = fallbackVersion(id, files);
    }
    String name = value(osRelease, "NAME");
    if (name.isEmpty()) {
      name = id;
    }
    String prettyName = value(osRelease, "PRETTY_NAME");
    if (prettyName.isEmpty()) {
      prettyName = (name + " " + versionId).strip();
    }
    Optional<String> codename = nonEmpty(value(osRelease, "VERSION_CODENAME"))
        .or(() -> nonEmpty(value(osRelease, "UBUNTU_CODENAME")))
        .or(() -> lsbCodename(id, files))
        .or(() -> codenameInParentheses(value(osRelease, "VERSION")));
    return new Distro(id, versionId, name, prettyName, codename, alpineBranch(id, versionId, prettyName, files));
  }

  /** The version a distribution's own release file gives, for an os-release without VERSION_ID. */
  private static String fallbackVersion(String id, Files files) {
    return switch (id) {
      case "alpine" -> value(files.fields(ReleaseFiles.ALPINE_RELEASE, ReleaseFiles.ALPINE_RELEASE_KIND),
          ReleaseFiles.VERSION);
      case "debian" -> value(files.fields(ReleaseFiles.DEBIAN_VERSION, ReleaseFiles.DEBIAN_VERSION_KIND),
          ReleaseFiles.VERSION);
      default -> {
        Map<String, String> lsb = files.fields(ReleaseFiles.LSB_RELEASE, ReleaseFiles.LSB_RELEASE_KIND);
        if (value(lsb, "DISTRIB_ID").equalsIgnoreCase(id)) {
          yield value(lsb, "DISTRIB_RELEASE");
        }
        yield fromRedhatRelease(files).filter(d -> d.id().equals(id)).map(Distro::versionId).orElse("");
      }
    };
  }

  private static Optional<String> lsbCodename(String id, Files files) {
    Map<String, String> lsb = files.fields(ReleaseFiles.LSB_RELEASE, ReleaseFiles.LSB_RELEASE_KIND);
    return value(lsb, "DISTRIB_ID").equalsIgnoreCase(id) ? nonEmpty(value(lsb, "DISTRIB_CODENAME")) : Optional.empty();
  }

  /** {@code 7 (wheezy)}, {@code Debian GNU/Linux 9 (stretch)}: a single lower-case word only. */
  private static Optional<String> codenameInParentheses(String version) {
    int open = version.lastIndexOf('(');
    int close = version.lastIndexOf(')');
    if (open < 0 || close != version.length() - 1 || close <= open + 1) {
      return Optional.empty();
    }
    String word = version.substring(open + 1, close);
    for (int i = 0; i < word.length(); i++) {
      if (word.charAt(i) < 'a' || word.charAt(i) > 'z') {
        return Optional.empty();
      }
    }
    return Optional.of(word);
  }

  /**
   * Alpine's branch: what {@code /etc/apk/repositories} installs from, else {@code edge} for a
   * development snapshot ({@code 3.19_alpha20230901}, "Alpine Linux edge"), else
   * {@code v<major>.<minor>} of the version.
   */
  private static Optional<String> alpineBranch(String id, String versionId, String prettyName, Files files) {
    if (!id.equals("alpine")) {
      return Optional.empty();
    }
    Optional<String> configured = nonEmpty(value(
        files.fields(ReleaseFiles.APK_REPOSITORIES, ReleaseFiles.APK_REPOSITORIES_KIND), ReleaseFiles.BRANCH));
    if (configured.isPresent()) {
      return configured;
    }
    if (prettyName.endsWith(" edge") || versionId.contains("_alpha")) {
      return Optional.of("edge");
    }
    String[] parts = versionId.split("\\.", 3);
    if (parts.length >= 2 && isNumber(parts[0]) && isNumber(parts[1])) {
      return Optional.of("v" + parts[0] + "." + parts[1]);
    }
    return Optional.empty();
  }

  private static Optional<Distro> fromAlpineRelease(Files files) {
    String version = value(files.fields(ReleaseFiles.ALPINE_RELEASE, ReleaseFiles.ALPINE_RELEASE_KIND),
        ReleaseFiles.VERSION);
    if (version.isEmpty()) {
      return Optional.empty();
    }
    String prettyName = "Alpine Linux " + version;
    return Optional.of(new Distro("alpine", version, "Alpine Linux", prettyName, Optional.empty(),
        alpineBranch("alpine", version, prettyName, files)));
  }

  private static Optional<Distro> fromRedhatRelease(Files files) {
    for (String path : ReleaseFiles.PATHS) {
      if (!ReleaseFiles.kindOf(path).orElse("").equals(ReleaseFiles.REDHAT_RELEASE_KIND)) {
        continue;
      }
      Map<String, String> fields = files.fields(path, ReleaseFiles.REDHAT_RELEASE_KIND);
      String name = value(fields, ReleaseFiles.NAME);
      String version = value(fields, ReleaseFiles.VERSION);
      if (name.isEmpty() || version.isEmpty()) {
        continue;
      }
      String vendorId = ReleaseFiles.VENDOR_RELEASE_FILES.get(path);
      String id = vendorId != null ? vendorId : redhatId(name);
      return Optional.of(new Distro(id, version, name, value(fields, ReleaseFiles.LINE), Optional.empty(),
          Optional.empty()));
    }
    return Optional.empty();
  }

  private static String redhatId(String name) {
    for (Map.Entry<String, String> known : REDHAT_NAMES) {
      if (name.startsWith(known.getKey())) {
        return known.getValue();
      }
    }
    return name.toLowerCase(Locale.ROOT).replace(' ', '-');
  }

  private static Optional<Distro> fromLsbRelease(Files files) {
    Map<String, String> lsb = files.fields(ReleaseFiles.LSB_RELEASE, ReleaseFiles.LSB_RELEASE_KIND);
    String name = value(lsb, "DISTRIB_ID");
    if (name.isEmpty()) {
      return Optional.empty();
    }
    String version = value(lsb, "DISTRIB_RELEASE");
    String prettyName = value(lsb, "DISTRIB_DESCRIPTION");
    return Optional.of(new Distro(name.toLowerCase(Locale.ROOT).replace(' ', '-'), version, name,
        prettyName.isEmpty() ? (name + " " + version).strip() : prettyName,
        nonEmpty(value(lsb, "DISTRIB_CODENAME")), Optional.empty()));
  }

  /** {@code 9.8}, or {@code buster/sid} on testing and unstable, whose code name is the first word. */
  private static Optional<Distro> fromDebianVersion(Files files) {
    String version = value(files.fields(ReleaseFiles.DEBIAN_VERSION, ReleaseFiles.DEBIAN_VERSION_KIND),
        ReleaseFiles.VERSION);
    if (version.isEmpty()) {
      return Optional.empty();
    }
    int slash = version.indexOf('/');
    Optional<String> codename = slash > 0 ? codenameInParentheses("(" + version.substring(0, slash) + ")")
        : Optional.empty();
    return Optional.of(new Distro("debian", version, "Debian GNU/Linux", "Debian GNU/Linux " + version, codename,
        Optional.empty()));
  }

  private static String value(Map<String, String> fields, String key) {
    String value = fields.get(key);
    return value == null ? "" : value.strip();
  }

  private static Optional<String> nonEmpty(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The facts by path, read only when of the kind expected there. */
  private record Files(Map<String, Fact.ReleaseFile> byPath) {
    Map<String, String> fields(String path, String kind) {
      Fact.ReleaseFile file = byPath.get(path);
      return file != null && file.kind().equals(kind) ? file.fields() : Map.of();
    }
  }
}
