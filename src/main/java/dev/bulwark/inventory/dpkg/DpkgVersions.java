package dev.bulwark.inventory.dpkg;

/**
 * Debian version strings as dpkg reads and prints them: {@code [epoch:]upstream[-revision]}. dpkg
 * stores the epoch as a number, so {@code dpkg-query} prints {@code 0:1.0} as {@code 1.0} and
 * {@code 01:1.0} as {@code 1:1.0}; Bulwark reports what dpkg-query reports.
 */
final class DpkgVersions {
  private DpkgVersions() {}

  /**
   * The version as dpkg prints it; throws {@link IllegalArgumentException} with dpkg's reason for
   * the versions dpkg refuses (it only warns about odd characters, and so does not Bulwark).
   */
  static String normalize(String version) {
    if (version.isEmpty()) {
      throw new IllegalArgumentException("version string is empty");
    }
    for (int i = 0; i < version.length(); i++) {
      if (Character.isWhitespace(version.charAt(i))) {
        throw new IllegalArgumentException("version string has embedded spaces");
      }
    }
    String rest = version;
    String epoch = "";
    int colon = version.indexOf(':');
    if (colon >= 0) {
      String digits = version.substring(0, colon);
      if (digits.isEmpty()) {
        throw new IllegalArgumentException("epoch in version is empty");
      }
      long value = 0;
      for (int i = 0; i < digits.length(); i++) {
        char c = digits.charAt(i);
        if (c < '0' || c > '9') {
          throw new IllegalArgumentException("epoch in version is not number");
        }
        value = value * 10 + (c - '0');
        if (value > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("epoch in version is too big");
        }
      }
      rest = version.substring(colon + 1);
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("nothing after colon in version number");
      }
      epoch = value == 0 ? "" : value + ":";
    }
    int hyphen = rest.lastIndexOf('-');
    if (hyphen == 0) {
      throw new IllegalArgumentException("version number is empty");
    }
    if (hyphen == rest.length() - 1) {
      throw new IllegalArgumentException("revision number is empty");
    }
    return epoch + rest;
  }
}
