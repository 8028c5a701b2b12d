package dev.bulwark.fs;

import dev.bulwark.layer.EntryPaths;
import dev.bulwark.layer.EntryType;
import dev.bulwark.layer.LayerEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The image's filesystem as the layers stack up, following the OCI layer rules (image-spec
 * layer.md): whiteouts and opaque markers remove from the layers below only, and a layer's
 * opaque markers apply before its own entries wherever they sit in its tar; a non-directory entry
 * replaces whatever was at its name, subtree included; hardlinks name a file already present in
 * this layer or a lower one. Paths are resolved the way a careful extractor does: symlinks in
 * parent directories are followed, always re-rooted at the image root, so that nothing ever
 * resolves outside the image, and loops end after {@value #MAX_SYMLINK_HOPS} hops as on Linux.
 */
public final class FilesystemView {
  public static final int MAX_SYMLINK_HOPS = 40;

  /** Sorted, for subtrees and listings; {@link #byPath} answers exact lookups without string compares. */
  private final NavigableMap<String, Node> nodes = new TreeMap<>();
  private final Map<String, Node> byPath = new HashMap<>();
  /**
   * Directories already resolved, so that the thousands of entries of one directory resolve it
   * once. Valid while {@link #generation} stands: only a new symlink or a removal can change how a
   * path resolves (a plain name resolves as if it were absent), and both start a new generation.
   */
  private final Map<String, ResolvedDirectory> resolvedDirectories = new HashMap<>();
  /** Every directory a node was ever put under: one that is not here has nothing below it to remove. */
  private final Set<String> parents = new HashSet<>();
  private long generation;

  private record ResolvedDirectory(long generation, Optional<String> path) {}
  private final List<String> problems = new ArrayList<>();

  public FilesystemView() {
    put("/", new Node(EntryType.DIRECTORY, 0755, 0, -1, "", Optional.empty()));
  }

  /** Stacks one layer's changes on the view. */
  public void apply(int layer, List<LayerEntry> entries, List<String> whiteouts, List<String> opaques) {
    for (String directory : opaques) {
      resolveParent(directory).ifPresent(dir -> removeBelow(dir));
    }
    for (String path : whiteouts) {
      resolveParent(path).ifPresent(this::removeSubtree);
    }
    for (LayerEntry entry : entries) {
      add(layer, entry);
    }
  }

  private void add(int layer, LayerEntry entry) {
    if (entry.path().equals("/")) {
      return;
    }
    Optional<String> resolved = resolveParent(entry.path());
    if (resolved.isEmpty()) {
      problems.add("layer " + layer + ": " + entry.path() + ": its directory cannot be resolved inside the image");
      return;
    }
    String path = resolved.orElseThrow();
    Node existing = byPath.get(path);
    Node node =
        switch (entry.type()) {
          case DIRECTORY -> new Node(EntryType.DIRECTORY, entry.mode(), 0, layer, "", Optional.empty());
          case FILE -> new Node(EntryType.FILE, entry.mode(), entry.size(), layer, "",
              Optional.of(new ContentRef(layer, entry.path())));
          case SYMLINK -> new Node(EntryType.SYMLINK, entry.mode(), 0, layer, entry.linkTarget(), Optional.empty());
          case OTHER -> new Node(EntryType.OTHER, entry.mode(), 0, layer, "", Optional.empty());
          case HARDLINK -> hardlink(layer, entry);
        };
    if (node == null) {
      return;
    }
    if (node.type() == EntryType.DIRECTORY && existing != null && existing.type() == EntryType.DIRECTORY) {
      put(path, node); // a directory over a directory merges with it
      return;
    }
    removeSubtree(path);
    put(path, node);
  }

  private void put(String path, Node node) {
    nodes.put(path, node);
    byPath.put(path, node);
    int slash = path.lastIndexOf('/');
    if (slash > 0) {
      parents.add(path.substring(0, slash));
    }
    if (node.type() == EntryType.SYMLINK) {
      generation++;
    }
  }

  private Node hardlink(int layer, LayerEntry entry) {
    Optional<Node> target = resolveParent(entry.linkTarget()).map(byPath::get);
    if (target.isEmpty()) {
      problems.add("layer " + layer + ": hardlink " + entry.path() + " names " + entry.linkTarget()
          + ", which is not in this layer or below");
      return null;
    }
    Node found = target.orElseThrow();
    if (found.type() == EntryType.DIRECTORY) {
      problems.add("layer " + layer + ": hardlink " + entry.path() + " names a directory");
      return null;
    }
    return new Node(found.type(), found.mode(), found.size(), layer, found.symlinkTarget(), found.content());
  }

  private void removeSubtree(String path) {
    if (path.equals("/")) {
      removeBelow("/");
      return;
    }
    if (byPath.remove(path) != null) {
      nodes.remove(path);
      generation++;
    }
    if (parents.contains(path)) {
      removeBelow(path);
    }
  }

  private void removeBelow(String directory) {
    String prefix = directory.equals("/") ? "/" : directory + "/";
    NavigableMap<String, Node> below = nodes.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    if (below.isEmpty()) {
      return;
    }
    boolean keepRoot = directory.equals("/");
    Node root = keepRoot ? byPath.get("/") : null;
    byPath.keySet().removeAll(below.keySet());
    below.clear();
    generation++;
    if (keepRoot) {
      put("/", root);
    }
  }

  /** The node at exactly {@code path}, symlinks in its parents followed but not a final one. */
  public Optional<Node> lookup(String path) {
    return resolveParent(path).map(byPath::get);
  }

  /** The node {@code path} finally names, every symlink followed inside the image. */
  public Optional<Node> follow(String path) {
    return resolve(path).map(byPath::get);
  }

  /** {@code path} with every symlink resolved, or empty if that loops. */
  public Optional<String> resolve(String path) {
    return resolve(path, true);
  }

  /** {@code path} with the symlinks of its parents resolved, or empty if that loops. */
  public Optional<String> resolveParent(String path) {
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    if (slash <= 0 || !isPlainAbsolute(path)) {
      return resolve(path, false);
    }
    // The parents resolve the same whatever follows them, and a final name is never followed.
    String directory = path.substring(0, slash);
    ResolvedDirectory known = resolvedDirectories.get(directory);
    if (known == null || known.generation() != generation) {
      known = new ResolvedDirectory(generation, resolve(directory, true));
      resolvedDirectories.put(directory, known);
    }
    return known.path().map(d -> d.equals("/") ? "/" + name : d + "/" + name);
  }

  /** {@code /a/b}: absolute, with no empty, {@code .} or {@code ..} component. */
  private static boolean isPlainAbsolute(String path) {
    if (!path.startsWith("/") || path.endsWith("/")) {
      return false;
    }
    return !path.contains("//") && !path.contains("/./") && !path.contains("/../")
        && !path.endsWith("/.") && !path.endsWith("/..");
  }

  private Optional<String> resolve(String path, boolean followLast) {
    Deque<String> pending = new ArrayDeque<>();
    split(path, pending, false);
    List<String> resolved = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int hops = 0;
    while (!pending.isEmpty()) {
      String component = pending.pollFirst();
      if (component.isEmpty() || component.equals(".")) {
        continue;
      }
      if (component.equals("..")) {
        if (!resolved.isEmpty()) {
          resolved.removeLast();
          current.setLength(current.lastIndexOf("/"));
        }
        continue;
      }
      int mark = current.length();
      current.append('/').append(component);
      Node node = byPath.get(current.toString());
      if (node != null && node.type() == EntryType.SYMLINK && (followLast || !pending.isEmpty())) {
        if (++hops > MAX_SYMLINK_HOPS) {
          return Optional.empty();
        }
        current.setLength(mark);
        String target = node.symlinkTarget();
        if (target.startsWith("/")) {
          resolved.clear();
          current.setLength(0);
        }
        split(target, pending, true);
        continue;
      }
      resolved.add(component);
    }
    return Optional.of(current.isEmpty() ? "/" : current.toString());
  }

  /** Pushes {@code path}'s components, in order, at the front ({@code front}) or back of {@code into}. */
  private static void split(String path, Deque<String> into, boolean front) {
    String[] parts = path.split("/");
    if (front) {
      for (int i = parts.length - 1; i >= 0; i--) {
        into.addFirst(parts[i]);
      }
    } else {
      Collections.addAll(into, parts);
    }
  }

  /** Every name in the view, sorted, with its node. */
  public Map<String, Node> nodes() {
    return Collections.unmodifiableNavigableMap(nodes);
  }

  /** The names directly inside {@code directory} (not following a final symlink). */
  public List<String> list(String directory) {
    String prefix = directory.equals("/") ? "/" : directory + "/";
    List<String> children = new ArrayList<>();
    for (String name : nodes.subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet()) {
      if (!name.equals("/") && name.indexOf('/', prefix.length()) < 0) {
        children.add(name);
      }
    }
    return children;
  }

  /** What could not be applied (dangling hardlinks, unresolvable parents), for the report. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  public static String join(String directory, String name) {
    return EntryPaths.join(directory, name);
  }
}
