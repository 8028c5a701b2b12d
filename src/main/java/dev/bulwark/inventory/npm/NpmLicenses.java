package dev.bulwark.inventory.npm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The licence names a {@code package.json} or lock file entry declares. npm accepts an SPDX string
 * today, but packages published years ago still carry the legacy forms ({@code {"type": "MIT"}},
 * or a {@code licenses} array of those), and they are still installed.
 */
final class NpmLicenses {
  /** Legacy arrays hold a few entries; more than this is not a licence list. */
  private static final int MAX_LICENSES = 32;

  private NpmLicenses() {}

  /** Adds the names {@code node} declares (a string, a legacy object, or an array of either). */
  static void collect(JsonNode node, Set<String> into) {
    if (node == null) {
      return;
    }
    if (node.isTextual()) {
      add(node.asText(), into);
    } else if (node.isObject()) {
      JsonNode type = node.get("type");
      if (type != null && type.isTextual()) {
        add(type.asText(), into);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        if (into.size() >= MAX_LICENSES) {
          break;
        }
        if (!element.isArray()) {
          collect(element, into);
        }
      }
    }
  }

  private static void add(String name, Set<String> into) {
    String trimmed = name.strip();
    if (!trimmed.isEmpty() && into.size() < MAX_LICENSES) {
      into.add(trimmed);
    }
  }
}
