package dev.bulwark.inventory.golang;

import java.util.Optional;

/**
 * Go release tags as semantic versions, the way the Go vulnerability database names standard
 * library versions: {@code go1.22.3} is {@code v1.22.3}, {@code go1.20} is {@code v1.20.0},
 * {@code go1.21rc2} is {@code v1.21.0-rc.2}. Development toolchains ({@code devel +abc…}) have none.
 */
public final class GoToolchainVersion {
  private GoToolchainVersion() {}

  /** The semantic version of the toolchain that recorded {@code goVersion}, if it is a release. */
  public static Optional<String> semver(String goVersion) {
    String tag = goVersion.strip();
    int space = indexOfWhitespace(tag);
    if (space >= 0) {
      tag = tag.substring(0, space); // "go1.22.3 X:boringcrypto" names experiments after the tag
    }
    if (tag.equals("go1")) {
      return Optional.of("v1.0.0");
    }
    if (!tag.startsWith("go")) {
      return Optional.empty();
    }
    String rest = tag.substring(2);
    int pre = firstOf(rest, "beta", "rc");
    String numbers = pre < 0 ? rest : rest.substring(0, pre);
    String[] parts = numbers.split("\\.", -1);
    if (parts.length < 2 || parts.length > 3) {
      return Optional.empty();
    }
    for (String part : parts) {
      if (!isNumber(part)) {
        return Optional.empty();
      }
    }
    StringBuilder version = new StringBuilder("v").append(parts[0]).append('.').append(parts[1]).append('.')
        .append(parts.length == 3 ? parts[2] : "0");
    if (pre >= 0) {
      String kind = rest.startsWith("beta", pre) ? "beta" : "rc";
      String number = rest.substring(pre + kind.length());
      if (!isNumber(number)) {
        return Optional.empty();
      }
      version.append('-').append(kind).append('.').append(number);
    }
    return Optional.of(version.toString());
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static int firstOf(String s, String a, String b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty() || s.length() > 9 || (s.length() > 1 && s.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
