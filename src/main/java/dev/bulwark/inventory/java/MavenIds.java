package dev.bulwark.inventory.java;

/** What a Maven groupId, artifactId and version may look like, as far as identifying an archive goes. */
final class MavenIds {
  /** Longest groupId or artifactId accepted; the longest on Maven Central are under 100 characters. */
  static final int MAX_ID_CHARS = 200;

  /** Longest version accepted. */
  static final int MAX_VERSION_CHARS = 128;

  private MavenIds() {}

  /** Maven's own rule for groupId and artifactId: {@code [A-Za-z0-9_\-.]+}. */
  static boolean validId(String id) {
    if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * A version: printable ASCII without spaces, and not an unresolved property ({@code ${project.version}})
   * or a manifest placeholder ({@code %bundleVersion}).
   */
  static boolean validVersion(String version) {
    if (version.isEmpty() || version.length() > MAX_VERSION_CHARS) {
      return false;
    }
    char first = version.charAt(0);
    if (first == '$' || first == '%' || first == '@') {
      return false;
    }
    for (int i = 0; i < version.length(); i++) {
      char c = version.charAt(i);
      if (c <= ' ' || c > '~' || c == '/' || c == '\\' || c == '{' || c == '}') {
        return false;
      }
    }
    return true;
  }
}
