package dev.bulwark.audit.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading the Engine's /info and /version answers, where a missing or null field reads empty. */
final class EngineJson {
  private EngineJson() {}

  /** A scalar field's text; empty when missing, null or not a scalar. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : "";
  }

  /** The items of an array as text; none when it is not an array. */
  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
