package dev.bulwark.enforce.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A standing exception: the listed rules do not deny requests that match every condition given
 * (users, images, labels). Conditions left empty match anything; at least one must be given.
 *
 * @param rules rule ids, or {@code *} for every rule
 * @param images image references with {@code *} wildcards ({@code registry.example.com/agent:*})
 * @param reason why, for the audit log
 */
public record Exemption(Set<String> rules, Set<String> users, List<String> images, Map<String, String> labels,
    String reason) {
  public Exemption {
    rules = Set.copyOf(rules);
    users = Set.copyOf(users);
    images = List.copyOf(images);
    labels = Map.copyOf(labels);
    if (users.isEmpty() && images.isEmpty() && labels.isEmpty()) {
      throw new IllegalArgumentException("an exemption needs users, images or labels");
    }
  }

  public boolean covers(String rule, String user, String image, Map<String, String> requestLabels) {
    if (!rules.contains("*") && !rules.contains(rule)) {
      return false;
    }
    if (!users.isEmpty() && !users.contains(user)) {
      return false;
    }
    if (!images.isEmpty() && images.stream().noneMatch(p -> glob(p).matcher(image).matches())) {
      return false;
    }
    return labels.entrySet().stream().allMatch(e -> e.getValue().equals(requestLabels.get(e.getKey())));
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }
}
