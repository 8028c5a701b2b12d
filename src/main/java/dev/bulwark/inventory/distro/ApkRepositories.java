package dev.bulwark.inventory.distro;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Alpine branch ({@code v3.18}, {@code edge}) that {@code /etc/apk/repositories} installs from:
 * each line is a repository URL or path ending in {@code <branch>/<repository>}, such as
 * {@code https://dl-cdn.alpinelinux.org/alpine/v3.18/main}.
 */
final class ApkRepositories {
  private ApkRepositories() {}

  /**
   * The branch of the untagged repositories. Tagged ones ({@code @testing https://…/edge/testing})
   * only serve packages pinned to them, so they do not say what the system is. When untagged
   * repositories disagree, apk installs the highest version any of them offers, so the newest
   * branch wins ({@code edge} above every numbered one).
   */
  static Optional<String> branch(String text) {
    List<String> branches = new ArrayList<>();
    for (String raw : text.lines().toList()) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("@")) {
        continue;
      }
      branchOf(line).ifPresent(branches::add);
    }
    return branches.stream().reduce(ApkRepositories::newer);
  }

  /** The path segment before the last one, when it is {@code edge} or {@code v<major>.<minor>}. */
  static Optional<String> branchOf(String repository) {
    String path = repository;
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    int last = path.lastIndexOf('/');
    if (last <= 0) {
      return Optional.empty();
    }
    String parent = path.substring(0, last);
    String segment = parent.substring(parent.lastIndexOf('/') + 1);
    return segment.equals("edge") || isNumberedBranch(segment) ? Optional.of(segment) : Optional.empty();
  }

  private static boolean isNumberedBranch(String segment) {
    if (segment.length() < 4 || segment.charAt(0) != 'v') {
      return false;
    }
    int dot = segment.indexOf('.');
    return dot > 1 && dot < segment.length() - 1 && digits(segment, 1, dot) && digits(segment, dot + 1, segment.length());
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String newer(String a, String b) {
    if (a.equals("edge") || b.equals("edge")) {
      return "edge";
    }
    int[] x = numbers(a);
    int[] y = numbers(b);
    int order = x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]);
    return order >= 0 ? a : b;
  }

  private static int[] numbers(String branch) {
    int dot = branch.indexOf('.');
    return new int[] {parse(branch.substring(1, dot)), parse(branch.substring(dot + 1))};
  }

  private static int parse(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE; // absurdly long numbers: order them last and go on
    }
  }
}
