package dev.bulwark.inventory.distro;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files that say which distribution an image is, their kinds (the {@code kind} of a
 * {@link dev.bulwark.inventory.Fact.ReleaseFile}) and the fields each kind yields.
 */
public final class ReleaseFiles {
  private ReleaseFiles() {}

  /** {@code os-release(5)}: every assignment, by its key ({@code ID}, {@code VERSION_ID}, …). */
  public static final String OS_RELEASE_KIND = "os-release";
  /** {@code /etc/alpine-release}: {@link #VERSION}. */
  public static final String ALPINE_RELEASE_KIND = "alpine-release";
  /** {@code /etc/apk/repositories}: {@link #BRANCH} when the repositories name one. */
  public static final String APK_REPOSITORIES_KIND = "apk-repositories";
  /** {@code /etc/debian_version}: {@link #VERSION} ({@code 12.4}, or {@code trixie/sid} on testing). */
  public static final String DEBIAN_VERSION_KIND = "debian_version";
  /**
   * The one-line release files of Red Hat and its relatives ({@code AlmaLinux release 9.2
   * (Turquoise Kodkod)}): {@link #NAME}, {@link #VERSION}, {@link #CODENAME} when given, and
   * {@link #LINE}.
   */
  public static final String REDHAT_RELEASE_KIND = "redhat-release";
  /** {@code /etc/lsb-release}: {@code DISTRIB_ID}, {@code DISTRIB_RELEASE}, {@code DISTRIB_CODENAME}, … */
  public static final String LSB_RELEASE_KIND = "lsb-release";

  public static final String VERSION = "VERSION";
  public static final String BRANCH = "BRANCH";
  public static final String NAME = "NAME";
  public static final String CODENAME = "CODENAME";
  public static final String LINE = "LINE";

  public static final String ETC_OS_RELEASE = "/etc/os-release";
  public static final String USR_LIB_OS_RELEASE = "/usr/lib/os-release";
  public static final String ALPINE_RELEASE = "/etc/alpine-release";
  public static final String APK_REPOSITORIES = "/etc/apk/repositories";
  public static final String DEBIAN_VERSION = "/etc/debian_version";
  public static final String LSB_RELEASE = "/etc/lsb-release";
  public static final String REDHAT_RELEASE = "/etc/redhat-release";
  public static final String SYSTEM_RELEASE = "/etc/system-release";

  /**
   * The vendor-specific Red Hat–style release files and the os-release {@code ID} each one means;
   * {@code redhat-release} and {@code system-release} are shared (often links to one of these) and
   * are read by their text instead.
   */
  static final Map<String, String> VENDOR_RELEASE_FILES = vendorReleaseFiles();

  /**
   * Where Fedora 25–35 kept the os-release variants that {@code /usr/lib/os-release} links to
   * ({@code os-release-container}, …); read so that the link resolves to a fact. Not a logical path.
   */
  static final String FEDORA_OS_RELEASE_VARIANTS = "/usr/lib/os.release.d/";

  /** Every path read, in the order {@link DistroDetector} prefers them. */
  public static final List<String> PATHS = paths();

  private static Map<String, String> vendorReleaseFiles() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("/etc/almalinux-release", "almalinux");
    files.put("/etc/rocky-release", "rocky");
    files.put("/etc/centos-release", "centos");
    files.put("/etc/oracle-release", "ol");
    files.put("/etc/fedora-release", "fedora");
    return Collections.unmodifiableMap(files);
  }

  private static List<String> paths() {
    List<String> paths = new ArrayList<>();
    paths.add(ETC_OS_RELEASE);
    paths.add(USR_LIB_OS_RELEASE);
    paths.add(ALPINE_RELEASE);
    paths.add(APK_REPOSITORIES);
    paths.addAll(VENDOR_RELEASE_FILES.keySet());
    paths.add(REDHAT_RELEASE);
    paths.add(SYSTEM_RELEASE);
    paths.add(LSB_RELEASE);
    paths.add(DEBIAN_VERSION);
    return List.copyOf(paths);
  }

  /**
   * The kind of the release file at {@code path}, if it is one: the {@link #PATHS} and the files
   * they are known to link to.
   */
  public static Optional<String> kindOf(String path) {
    return switch (path) {
      case ETC_OS_RELEASE, USR_LIB_OS_RELEASE -> Optional.of(OS_RELEASE_KIND);
      case ALPINE_RELEASE -> Optional.of(ALPINE_RELEASE_KIND);
      case APK_REPOSITORIES -> Optional.of(APK_REPOSITORIES_KIND);
      case DEBIAN_VERSION -> Optional.of(DEBIAN_VERSION_KIND);
      case LSB_RELEASE -> Optional.of(LSB_RELEASE_KIND);
      case REDHAT_RELEASE, SYSTEM_RELEASE -> Optional.of(REDHAT_RELEASE_KIND);
      default -> {
        if (VENDOR_RELEASE_FILES.containsKey(path)) {
          yield Optional.of(REDHAT_RELEASE_KIND);
        }
        yield path.startsWith(FEDORA_OS_RELEASE_VARIANTS) && path.indexOf('/', FEDORA_OS_RELEASE_VARIANTS.length()) < 0
            && path.length() > FEDORA_OS_RELEASE_VARIANTS.length() ? Optional.of(OS_RELEASE_KIND) : Optional.empty();
      }
    };
  }

  /** The fields of a release file of {@code kind} with content {@code text}. */
  static Map<String, String> parse(String kind, String text) {
    return switch (kind) {
      case OS_RELEASE_KIND, LSB_RELEASE_KIND -> ShellAssignments.parse(text);
      case ALPINE_RELEASE_KIND, DEBIAN_VERSION_KIND -> firstLine(text).map(v -> Map.of(VERSION, v)).orElse(Map.of());
      case APK_REPOSITORIES_KIND -> ApkRepositories.branch(text).map(b -> Map.of(BRANCH, b)).orElse(Map.of());
      case REDHAT_RELEASE_KIND -> firstLine(text).map(ReleaseFiles::redhatRelease).orElse(Map.of());
      default -> throw new IllegalArgumentException("unknown release file kind " + kind);
    };
  }

  private static Optional<String> firstLine(String text) {
    for (String line : text.lines().toList()) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty()) {
        return Optional.of(trimmed);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code <name> release <version> [(<codename>)]}: {@code CentOS Linux release 7.6.1810 (Core)},
   * {@code Oracle Linux Server release 7.6}, {@code Fedora release 29 (Twenty Nine)}.
   */
  static Map<String, String> redhatRelease(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(LINE, line);
    int release = line.lastIndexOf(" release ");
    if (release <= 0) {
      return fields;
    }
    fields.put(NAME, line.substring(0, release).strip());
    String rest = line.substring(release + " release ".length()).strip();
    int space = rest.indexOf(' ');
    String version = space < 0 ? rest : rest.substring(0, space);
    if (!version.isEmpty()) {
      fields.put(VERSION, version);
    }
    int open = rest.indexOf('(');
    int close = rest.lastIndexOf(')');
    if (open >= 0 && close > open + 1) {
      fields.put(CODENAME, rest.substring(open + 1, close).strip());
    }
    return fields;
  }
}
