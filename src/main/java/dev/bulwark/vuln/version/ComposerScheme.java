package dev.bulwark.vuln.version;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PHP package versions (Packagist), ordered as Composer orders them: each version is first
 * normalized by {@code Composer\Semver\VersionParser::normalize} (composer/semver 3: a leading
 * {@code v} and build metadata dropped, four numeric parts, {@code a}/{@code b}/{@code p}/{@code pl}
 * spelled {@code alpha}/{@code beta}/{@code patch}, {@code RC} upper-cased, {@code -dev} kept,
 * {@code dev-} branches kept, numeric branches {@code 1.x-dev} as {@code 1.9999999.9999999.9999999-dev}),
 * then compared with PHP's {@code version_compare} ({@code dev < alpha = a < beta = b < RC = rc <
 * # < pl = p}, unknown words before all, numbers after words).
 *
 * <p>For a version Composer cannot normalize, the longest leading part it can normalize is
 * normalized and the rest kept as written ({@code 3.0.0b1.post1} reads {@code 3.0.0.0-beta1.post1});
 * failing that, the version is compared as written, as PHP's {@code version_compare} would.
 * {@link PhpVersionCompare} says where it departs from PHP (numbers of any length compare exactly;
 * PHP's own inconsistencies on odd input are resolved).
 */
public final class ComposerScheme implements VersionScheme {
  private static final String MODIFIER =
      "[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*+)?)?([.-]?dev)?";
  private static final String STABILITIES = "stable|RC|beta|alpha|dev";
  private static final Pattern ALIAS = Pattern.compile("^([^,\\s]++) ++as ++([^,\\s]++)$");
  private static final Pattern STABILITY_FLAG = Pattern.compile("@(?:" + STABILITIES + ")$", Pattern.CASE_INSENSITIVE);
  private static final Pattern BUILD = Pattern.compile("^([^,\\s+]++)\\+[^\\s]++$");
  private static final Pattern CLASSICAL = Pattern.compile(
      "^v?(\\d{1,5})(\\.\\d++)?(\\.\\d++)?(\\.\\d++)?" + MODIFIER + "$", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATE = Pattern.compile(
      "^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3})?)" + MODIFIER + "$", Pattern.CASE_INSENSITIVE);
  private static final Pattern DEV_BRANCH = Pattern.compile("(.*?)[.-]?dev$", Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMERIC_BRANCH = Pattern.compile(
      "^v?(\\d++)(\\.(?:\\d++|[xX*]))?(\\.(?:\\d++|[xX*]))?(\\.(?:\\d++|[xX*]))?$", Pattern.CASE_INSENSITIVE);

  @Override
  public String name() {
    return "composer";
  }

  @Override
  public int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    return PhpVersionCompare.compare(comparable(a), comparable(b));
  }

  @Override
  public boolean isValid(String version) {
    return normalize(version).isPresent();
  }

  /**
   * The normalized version; for one Composer refuses, the longest leading part it can normalize
   * (cut at a {@code . - _ +}), normalized, followed by the rest as written; else the trimmed text.
   */
  static String comparable(String version) {
    Optional<String> normalized = normalize(version);
    if (normalized.isPresent()) {
      return normalized.orElseThrow();
    }
    String trimmed = phpTrim(version);
    for (int i = trimmed.length() - 1; i > 0; i--) {
      if (".-_+".indexOf(trimmed.charAt(i)) >= 0) {
        Optional<String> head = normalize(trimmed.substring(0, i));
        if (head.isPresent() && !head.orElseThrow().startsWith("dev-")) {
          return head.orElseThrow() + trimmed.substring(i);
        }
      }
    }
    return trimmed;
  }

  /** {@code VersionParser::normalize}; empty where Composer throws "Invalid version string". */
  static Optional<String> normalize(String input) {
    String version = phpTrim(input);
    Matcher m = ALIAS.matcher(version);
    if (m.matches()) {
      version = m.group(1);
    }
    m = STABILITY_FLAG.matcher(version);
    if (m.find()) {
      version = version.substring(0, m.start());
    }
    if (version.equals("master") || version.equals("trunk") || version.equals("default")) {
      version = "dev-" + version;
    }
    if (version.regionMatches(true, 0, "dev-", 0, 4)) {
      return Optional.of("dev-" + version.substring(4));
    }
    m = BUILD.matcher(version);
    if (m.matches()) {
      version = m.group(1);
    }
    m = CLASSICAL.matcher(version);
    int index;
    String normalized;
    if (m.matches()) {
      normalized = m.group(1) + orElse(m.group(2), ".0") + orElse(m.group(3), ".0") + orElse(m.group(4), ".0");
      index = 5;
    } else {
      m = DATE.matcher(version);
      if (m.matches()) {
        normalized = m.group(1).replaceAll("\\D", ".");
        index = 2;
      } else {
        return devBranch(version);
      }
    }
    String stability = m.group(index);
    if (stability != null && !stability.isEmpty()) {
      if (stability.equals("stable")) {
        return Optional.of(normalized);
      }
      String number = m.group(index + 1);
      normalized += "-" + expandStability(stability) + (number == null ? "" : ltrim(number, ".-"));
    }
    String dev = m.group(index + 2);
    if (dev != null && !dev.isEmpty()) {
      normalized += "-dev";
    }
    return Optional.of(normalized);
  }

  private static Optional<String> devBranch(String version) {
    Matcher m = DEV_BRANCH.matcher(version);
    if (m.matches()) {
      String branch = normalizeBranch(m.group(1));
      if (!branch.contains("dev-")) {
        return Optional.of(branch);
      }
    }
    return Optional.empty();
  }

  /** {@code VersionParser::normalizeBranch}. */
  private static String normalizeBranch(String name) {
    String branch = phpTrim(name);
    Matcher m = NUMERIC_BRANCH.matcher(branch);
    if (!m.matches()) {
      return "dev-" + branch;
    }
    StringBuilder version = new StringBuilder();
    for (int i = 1; i < 5; i++) {
      // PHP leaves unmatched trailing groups unset (".x") but matched-empty middle ones set ("").
      String group = m.group(i);
      boolean set = group != null || lastMatchedGroup(m) > i;
      version.append(set ? (group == null ? "" : group.replace('*', 'x').replace('X', 'x')) : ".x");
    }
    return version.toString().replace("x", "9999999") + "-dev";
  }

  private static int lastMatchedGroup(Matcher m) {
    for (int i = m.groupCount(); i > 0; i--) {
      if (m.group(i) != null) {
        return i;
      }
    }
    return 0;
  }

  private static String expandStability(String stability) {
    String s = stability.toLowerCase(Locale.ROOT);
    return switch (s) {
      case "a" -> "alpha";
      case "b" -> "beta";
      case "p", "pl" -> "patch";
      case "rc" -> "RC";
      default -> s;
    };
  }

  private static String orElse(String group, String otherwise) {
    return group == null || group.isEmpty() ? otherwise : group;
  }

  private static String ltrim(String s, String characters) {
    int i = 0;
    while (i < s.length() && characters.indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    return s.substring(i);
  }

  /** PHP's {@code trim}: spaces, tabs, newlines, carriage returns, NUL and vertical tabs. */
  private static String phpTrim(String s) {
    String characters = " \t\n\r\0\u000B";
    int start = 0;
    int end = s.length();
    while (start < end && characters.indexOf(s.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && characters.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(start, end);
  }
}
