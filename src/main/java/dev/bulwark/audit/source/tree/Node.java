package dev.bulwark.audit.source.tree;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML or JSON value that remembers the line it was written on, so settings read from it
 * can be cited as {@code file:line}. Line 0 means unknown (a tree made from an API response).
 */
public sealed interface Node {
  int line();

  /** A mapping in document order; {@code keyLines} holds the line each key was written on. */
  record MapNode(Map<String, Node> entries, Map<String, Integer> keyLines, int line) implements Node {
    public MapNode {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
      keyLines = Map.copyOf(keyLines);
    }
  }

  record ListNode(List<Node> items, int line) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }
  }

  /**
   * A scalar as written. {@code plain} is false for quoted and block scalars, which are always strings;
   * {@code null} marks YAML's null ({@code ~}, {@code null}, nothing) and JSON's null.
   */
  record ScalarNode(String text, boolean plain, boolean isNull, int line) implements Node {}
}
