package dev.bulwark.audit.source.tree;

import dev.bulwark.audit.model.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A position in a {@link Node} tree: the node (possibly missing), its path from the document root
 * ({@code spec.containers[0].securityContext.privileged}) and the line it was written on. Reading a
 * missing or null value gives an empty result; reading a value of the wrong shape is a
 * {@link TreeException} naming file, line and path, so adapters never guess.
 */
public final class Cursor {
  private static final Set<String> YAML11_TRUE = Set.of("yes", "Yes", "YES", "on", "On", "ON", "y", "Y");
  private static final Set<String> YAML11_FALSE = Set.of("no", "No", "NO", "off", "Off", "OFF", "n", "N");

  private final String source;
  private final String path;
  private final Node node;
  private final int line;

  private Cursor(String source, String path, Node node, int line) {
    this.source = source;
    this.path = path;
    this.node = node;
    this.line = line;
  }

  /** The root of a document read from {@code source} (a file name, or an API object's name). */
  public static Cursor root(String source, Node node) {
    return new Cursor(source, "", node, node.line());
  }

  /** A root for a value with a path prefix, when the document is part of a larger one. */
  public static Cursor root(String source, String path, Node node) {
    return new Cursor(source, path, node, node.line());
  }

  public String source() {
    return source;
  }

  public String path() {
    return path;
  }

  /** The line of the key that names this value, else of the value; 0 when unknown. */
  public int line() {
    return line;
  }

  public Optional<Node> node() {
    return Optional.ofNullable(node);
  }

  /** Present and not null. */
  public boolean exists() {
    return node != null && !(node instanceof Node.ScalarNode scalar && scalar.isNull());
  }

  public boolean isMap() {
    return node instanceof Node.MapNode;
  }

  public boolean isList() {
    return node instanceof Node.ListNode;
  }

  public boolean isScalar() {
    return exists() && node instanceof Node.ScalarNode;
  }

  public Cursor get(String key) {
    String childPath = path.isEmpty() ? quoteKey(key, true) : path + quoteKey(key, false);
    if (node instanceof Node.MapNode map) {
      Node child = map.entries().get(key);
      int childLine = map.keyLines().getOrDefault(key, child == null ? line : child.line());
      return new Cursor(source, childPath, child, childLine);
    }
    if (exists() && !(node instanceof Node.MapNode)) {
      throw error("expected a mapping");
    }
    return new Cursor(source, childPath, null, line);
  }

  /** Follows a dotted path of plain keys: {@code get("spec.template.spec")}. */
  public Cursor at(String dotted) {
    Cursor current = this;
    for (String key : dotted.split("\\.")) {
      current = current.get(key);
    }
    return current;
  }

  public List<Cursor> items() {
    if (!exists()) {
      return List.of();
    }
    if (!(node instanceof Node.ListNode list)) {
      throw error("expected a list");
    }
    List<Cursor> result = new ArrayList<>(list.items().size());
    for (int i = 0; i < list.items().size(); i++) {
      Node item = list.items().get(i);
      result.add(new Cursor(source, path + "[" + i + "]", item, item.line() > 0 ? item.line() : line));
    }
    return result;
  }

  /** The entries of a mapping in document order; missing or null gives none. */
  public Map<String, Cursor> entries() {
    if (!exists()) {
      return Map.of();
    }
    if (!(node instanceof Node.MapNode map)) {
      throw error("expected a mapping");
    }
    Map<String, Cursor> result = new LinkedHashMap<>();
    for (String key : map.entries().keySet()) {
      result.put(key, get(key));
    }
    return result;
  }

  /** A scalar's text; numbers and booleans as written. */
  public Optional<String> text() {
    if (!exists()) {
      return Optional.empty();
    }
    if (!(node instanceof Node.ScalarNode scalar)) {
      throw error("expected a single value, found a " + (node instanceof Node.MapNode ? "mapping" : "list"));
    }
    return Optional.of(scalar.text());
  }

  public String textOr(String fallback) {
    return text().orElse(fallback);
  }

  /** {@code true}/{@code false} in any case; unquoted, also YAML 1.1's yes/no/on/off/y/n as Kubernetes reads them. */
  public Optional<Boolean> bool() {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String value = text.orElseThrow();
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.equals("true")) {
      return Optional.of(true);
    }
    if (lower.equals("false")) {
      return Optional.of(false);
    }
    if (((Node.ScalarNode) node).plain()) {
      if (YAML11_TRUE.contains(value)) {
        return Optional.of(true);
      }
      if (YAML11_FALSE.contains(value)) {
        return Optional.of(false);
      }
    }
    throw error("expected true or false, got \"" + abbreviate(value) + "\"");
  }

  /** A whole number written in decimal (quoted or not). */
  public Optional<Long> integer() {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(text.orElseThrow().trim()));
    } catch (NumberFormatException e) {
      throw error("expected a whole number, got \"" + abbreviate(text.orElseThrow()) + "\"");
    }
  }

  public Optional<Double> decimal() {
    Optional<String> text = text();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      double value = Double.parseDouble(text.orElseThrow().trim());
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw new NumberFormatException();
      }
      return Optional.of(value);
    } catch (NumberFormatException e) {
      throw error("expected a number, got \"" + abbreviate(text.orElseThrow()) + "\"");
    }
  }

  /** A list of scalars; a single scalar reads as a list of one. */
  public List<String> strings() {
    if (!exists()) {
      return List.of();
    }
    if (isScalar()) {
      return List.of(text().orElseThrow());
    }
    List<String> result = new ArrayList<>();
    for (Cursor item : items()) {
      item.text().ifPresent(result::add);
    }
    return result;
  }

  /** Where this value was read: file and line when known, else the source and field path. */
  public Location location() {
    return line > 0 ? Location.line(source, line, path) : Location.field(source, path);
  }

  /** An error about this value, naming file, line and path. */
  public TreeException error(String reason) {
    return new TreeException(TreeException.where(source, line, path) + ": " + reason);
  }

  private static String quoteKey(String key, boolean first) {
    boolean simple = !key.isEmpty();
    for (int i = 0; i < key.length() && simple; i++) {
      char c = key.charAt(i);
      simple = Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$';
    }
    if (simple) {
      return first ? key : "." + key;
    }
    return "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  static String abbreviate(String value) {
    return value.length() <= 60 ? value : value.substring(0, 57) + "...";
  }

  @Override
  public String toString() {
    return TreeException.where(source, line, path);
  }
}
