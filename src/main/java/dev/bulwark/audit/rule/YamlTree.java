package dev.bulwark.audit.rule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A YAML document read as a tree that remembers the line of every node, so that a rule or
 * framework file with a mistake is reported by file and line. Files are small and written by
 * people; the bounds below keep a hostile one from costing much.
 */
public final class YamlTree {
  /** A rules or framework file larger than this is not a hand-written file. */
  public static final int MAX_FILE_BYTES = 2 * 1024 * 1024;
  /** Nesting depth of a document; rule files need four or five levels. */
  private static final int MAX_DEPTH = 32;
  /** Nodes in one document; the largest framework file has a few thousand. */
  private static final int MAX_NODES = 200_000;

  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  /** A node: a scalar (text, or null for YAML null), a mapping or a sequence. */
  public sealed interface Node {
    int line();
  }

  public record Scalar(Optional<String> text, int line) implements Node {}

  public record Sequence(List<Node> items, int line) implements Node {}

  public record Mapping(Map<String, Node> entries, Map<String, Integer> keyLines, int line) implements Node {
    public Optional<Node> get(String key) {
      return Optional.ofNullable(entries.get(key));
    }

    /** The line of {@code key}, or of the mapping when it is absent. */
    public int lineOf(String key) {
      return keyLines.getOrDefault(key, line);
    }
  }

  private final String name;
  private int nodes;

  private YamlTree(String name) {
    this.name = name;
  }

  /** Reads one document; {@code name} prefixes every error. */
  public static Node read(String name, byte[] content) {
    if (content.length > MAX_FILE_BYTES) {
      throw new LimitExceededException(name, "file size", MAX_FILE_BYTES);
    }
    try (JsonParser parser = FACTORY.createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new InputException(name + ": empty document");
      }
      return new YamlTree(name).node(parser, 0);
    } catch (IOException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
          ? p.getLocation().getLineNr() : 0;
      throw new InputException(name + (line > 0 ? ":" + line : "") + ": not valid YAML: " + reason, e);
    }
  }

  private Node node(JsonParser parser, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new LimitExceededException(name, "nesting depth", MAX_DEPTH);
    }
    if (++nodes > MAX_NODES) {
      throw new LimitExceededException(name, "node count", MAX_NODES);
    }
    int line = parser.currentTokenLocation().getLineNr();
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          int keyLine = parser.currentTokenLocation().getLineNr();
          if (entries.containsKey(key)) {
            throw new InputException(name + ":" + keyLine + ": duplicate key '" + key + "'");
          }
          parser.nextToken();
          entries.put(key, node(parser, depth + 1));
          keyLines.put(key, keyLine);
        }
        return new Mapping(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keyLines), line);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(node(parser, depth + 1));
        }
        return new Sequence(List.copyOf(items), line);
      }
      case VALUE_NULL -> {
        return new Scalar(Optional.empty(), line);
      }
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
        return new Scalar(Optional.of(parser.getText()), line);
      }
      default -> throw new InputException(name + ":" + line + ": unexpected YAML token " + token);
    }
  }

  // Helpers for loaders: each names the file and line of what is wrong.

  public static Mapping mapping(String name, Node node, String what) {
    if (node instanceof Mapping mapping) {
      return mapping;
    }
    throw new InputException(name + ":" + node.line() + ": " + what + " must be a mapping");
  }

  public static List<Node> sequence(String name, Node node, String what) {
    if (node instanceof Sequence sequence) {
      return sequence.items();
    }
    throw new InputException(name + ":" + node.line() + ": " + what + " must be a list");
  }

  public static String text(String name, Node node, String what) {
    if (node instanceof Scalar(Optional<String> text, int line) && text.isPresent()) {
      return text.get();
    }
    throw new InputException(name + ":" + node.line() + ": " + what + " must be a text value");
  }

  public static String required(String name, Mapping mapping, String key) {
    Node node = mapping.get(key).orElseThrow(() ->
        new InputException(name + ":" + mapping.line() + ": missing '" + key + "'"));
    String value = text(name, node, "'" + key + "'");
    if (value.isBlank()) {
      throw new InputException(name + ":" + node.line() + ": '" + key + "' is empty");
    }
    return value;
  }

  public static Optional<String> optional(String name, Mapping mapping, String key) {
    return mapping.get(key).map(node -> text(name, node, "'" + key + "'"));
  }

  public static List<String> strings(String name, Mapping mapping, String key) {
    Optional<Node> node = mapping.get(key);
    if (node.isEmpty() || node.get() instanceof Scalar(Optional<String> text, int line) && text.isEmpty()) {
      return List.of();
    }
    return sequence(name, node.get(), "'" + key + "'").stream().map(n -> text(name, n, "an item of '" + key + "'"))
        .toList();
  }

  /** Rejects keys outside {@code allowed}, naming the first unknown one and its line. */
  public static void onlyKeys(String name, Mapping mapping, Set<String> allowed) {
    for (var entry : mapping.keyLines().entrySet()) {
      if (!allowed.contains(entry.getKey())) {
        throw new InputException(name + ":" + entry.getValue() + ": unknown key '" + entry.getKey() + "' (allowed: "
            + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }
}
