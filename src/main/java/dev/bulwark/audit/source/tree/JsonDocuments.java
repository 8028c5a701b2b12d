package dev.bulwark.audit.source.tree;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.LimitExceededException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON into a {@link Node} tree with the line of every value, and adapts Jackson trees (from an
 * API, without lines) to the same form, so one mapping serves files and live objects. Later duplicate
 * keys win, as in Go's encoding/json, which wrote most of these documents.
 */
public final class JsonDocuments {
  /** Largest JSON document read ({@code docker inspect} of many containers stays well below). */
  public static final int MAX_BYTES = 16 << 20;
  private static final int MAX_NESTING = 200;
  /** Values in one document. */
  private static final int MAX_VALUES = 4_000_000;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING)
          .maxStringLength(MAX_BYTES)
          .maxNumberLength(100)
          .build())
      .build();

  private JsonDocuments() {}

  public static Node read(byte[] bytes, String source) {
    if (bytes.length > MAX_BYTES) {
      throw new LimitExceededException(source, "size", MAX_BYTES);
    }
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      int[] count = {0};
      if (parser.nextToken() == null) {
        throw new TreeException(source + ": empty JSON document");
      }
      Node root = value(parser, source, count);
      if (parser.nextToken() != null) {
        throw new TreeException(TreeException.where(source, parser.currentTokenLocation().getLineNr(), "")
            + ": unexpected content after the JSON document");
      }
      return root;
    } catch (StreamConstraintsException e) {
      throw new TreeException(source + ": JSON over a bound: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new TreeException(TreeException.where(source, line, "") + ": malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new TreeException(source + ": " + e.getMessage(), e);
    }
  }

  private static Node value(JsonParser parser, String source, int[] count) throws IOException {
    if (++count[0] > MAX_VALUES) {
      throw new LimitExceededException(source, "JSON values", MAX_VALUES);
    }
    int line = parser.currentTokenLocation().getLineNr();
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          int keyLine = parser.currentTokenLocation().getLineNr();
          parser.nextToken();
          entries.remove(name);
          entries.put(name, value(parser, source, count));
          keyLines.put(name, keyLine);
        }
        return new Node.MapNode(entries, keyLines, line);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(parser, source, count));
        }
        return new Node.ListNode(items, line);
      }
      case VALUE_NULL -> {
        return new Node.ScalarNode("", false, true, line);
      }
      case VALUE_STRING -> {
        return new Node.ScalarNode(parser.getText(), false, false, line);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
        return new Node.ScalarNode(parser.getText(), true, false, line);
      }
      default -> throw new TreeException(TreeException.where(source, line, "") + ": unexpected JSON token " + token);
    }
  }

  /** The same tree from a Jackson node, without lines (an API response). */
  public static Node of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new Node.ScalarNode("", false, true, 0);
    }
    if (node.isObject()) {
      Map<String, Node> entries = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        entries.put(field.getKey(), of(field.getValue()));
      }
      return new Node.MapNode(entries, Map.of(), 0);
    }
    if (node.isArray()) {
      List<Node> items = new ArrayList<>(node.size());
      for (JsonNode item : node) {
        items.add(of(item));
      }
      return new Node.ListNode(items, 0);
    }
    return new Node.ScalarNode(node.asText(), !node.isTextual(), false, 0);
  }
}
