package dev.bulwark.vuln.advisory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.io.Json;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * An OSV {@code ecosystem_specific} or {@code database_specific} object, kept as its compact JSON text so
 * the value stays immutable and is stored as written. These carry matching-relevant hints whose shape
 * varies by feed (Debian {@code urgency}, GHSA {@code severity}, Go {@code imports}, Ubuntu
 * {@code binaries}); {@link #node()} and {@link #string(String)} read them on demand.
 */
public record SpecificData(String json) {
  /** A larger object is refused; the biggest real ones (Go symbol lists, Ubuntu binaries) are far smaller. */
  public static final int MAX_CHARS = 1 << 20;

  public static final SpecificData EMPTY = new SpecificData("");

  public SpecificData {
    if (json == null) {
      throw new IllegalArgumentException("specific data is null");
    }
    if (!json.isEmpty() && json.charAt(0) != '{') {
      throw new IllegalArgumentException("specific data must be a JSON object");
    }
    if (json.length() > MAX_CHARS) {
      throw new IllegalArgumentException("specific data longer than " + MAX_CHARS + " characters");
    }
  }

  /** From a parsed node; {@code null}, JSON null, or an empty object give {@link #EMPTY}. */
  public static SpecificData of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode() || (node.isObject() && node.isEmpty())) {
      return EMPTY;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("specific data must be a JSON object, not " + node.getNodeType());
    }
    try {
      return new SpecificData(Json.mapper().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isEmpty() {
    return json.isEmpty();
  }

  /** A fresh copy of the object (empty when there is none). */
  public ObjectNode node() {
    if (json.isEmpty()) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      return (ObjectNode) Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored specific data is not JSON", e);
    }
  }

  /** A top-level string or number member, as text. */
  public Optional<String> string(String key) {
    if (json.isEmpty() || !json.contains('"' + key + '"')) {
      return Optional.empty();
    }
    JsonNode value = node().get(key);
    return value != null && value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
  }
}
