package dev.bulwark.audit.framework;

import dev.bulwark.InputException;
import dev.bulwark.UsageException;
import dev.bulwark.audit.rule.YamlTree;
import dev.bulwark.audit.rule.YamlTree.Mapping;
import dev.bulwark.audit.rule.YamlTree.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The built-in frameworks, each one data file under {@code frameworks/} listed in its
 * {@code index.txt}. A framework with protection levels (等保2.0) is selected per level:
 * {@code mlps-2.0-level3}; its controls then carry that level's clause numbers.
 */
public final class Frameworks {
  private static final String RESOURCES = "/dev/bulwark/audit/frameworks/";
  private static final String ZH = "zh-CN";
  private static final Set<String> FILE_KEYS = Set.of("id", "title", ZH, "version", "source", "levels", "groups",
      "controls");
  private static final Set<String> GROUP_KEYS = Set.of("id", "title", ZH);
  private static final Set<String> CONTROL_KEYS = Set.of("id", "clauses", "group", "title", ZH, "mode", "rules");

  private Frameworks() {}

  /** The ids of the built-in framework files. */
  public static List<String> files() {
    return new String(resource("index.txt"), StandardCharsets.UTF_8).lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** Every name --framework accepts, levels spelt out. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (String file : files()) {
      Mapping root = root(file);
      List<String> levels = YamlTree.strings(file, root, "levels");
      if (levels.isEmpty()) {
        names.add(file);
      } else {
        levels.forEach(l -> names.add(file + "-level" + l));
      }
    }
    return names;
  }

  /** The framework --framework {@code name} selects. */
  public static Framework named(String name) {
    for (String file : files()) {
      if (name.equals(file)) {
        Mapping root = root(file);
        if (!YamlTree.strings(file, root, "levels").isEmpty()) {
          throw new UsageException("--framework " + name + " has protection levels: choose one of "
              + String.join(", ", names().stream().filter(n -> n.startsWith(file + "-level")).toList()));
        }
        return parse(file, root, Optional.empty());
      }
      if (name.startsWith(file + "-level")) {
        Mapping root = root(file);
        String level = name.substring((file + "-level").length());
        if (YamlTree.strings(file, root, "levels").contains(level)) {
          return parse(file, root, Optional.of(Integer.parseInt(level)));
        }
      }
    }
    throw new UsageException("unknown framework '" + name + "'; choose one of " + String.join(", ", names()));
  }

  private static Mapping root(String file) {
    String name = "builtin:frameworks/" + file + ".yaml";
    return YamlTree.mapping(name, YamlTree.read(name, resource(file + ".yaml")), "a framework file");
  }

  private static Framework parse(String file, Mapping root, Optional<Integer> level) {
    String name = "builtin:frameworks/" + file + ".yaml";
    YamlTree.onlyKeys(name, root, FILE_KEYS);
    String id = YamlTree.required(name, root, "id");
    if (!id.equals(file)) {
      throw new InputException(name + ": id '" + id + "' does not match the file name");
    }
    List<Framework.Group> groups = new ArrayList<>();
    Set<String> groupIds = new HashSet<>();
    for (Node node : YamlTree.sequence(name, root.get("groups").orElseThrow(), "'groups'")) {
      Mapping g = YamlTree.mapping(name, node, "a group");
      YamlTree.onlyKeys(name, g, GROUP_KEYS);
      String groupId = YamlTree.required(name, g, "id");
      groupIds.add(groupId);
      groups.add(new Framework.Group(groupId, titles(name, g)));
    }
    List<Control> controls = new ArrayList<>();
    Set<String> ids = new TreeSet<>();
    for (Node node : YamlTree.sequence(name, root.get("controls").orElseThrow(), "'controls'")) {
      Mapping c = YamlTree.mapping(name, node, "a control");
      YamlTree.onlyKeys(name, c, CONTROL_KEYS);
      Optional<String> controlId = control(name, c, level);
      if (controlId.isEmpty()) {
        continue;
      }
      if (!ids.add(controlId.get())) {
        throw new InputException(name + ":" + c.line() + ": duplicate control " + controlId.get());
      }
      String group = YamlTree.required(name, c, "group");
      if (!groupIds.contains(group)) {
        throw new InputException(name + ":" + c.lineOf("group") + ": unknown group '" + group + "'");
      }
      String mode = YamlTree.required(name, c, "mode");
      if (!mode.equals("automated") && !mode.equals("manual")) {
        throw new InputException(name + ":" + c.lineOf("mode") + ": mode must be automated or manual");
      }
      try {
        controls.add(new Control(controlId.get(), group, titles(name, c), mode.equals("automated"),
            YamlTree.strings(name, c, "rules")));
      } catch (IllegalArgumentException e) {
        throw new InputException(name + ":" + c.line() + ": " + e.getMessage(), e);
      }
    }
    Map<String, String> titles = titles(name, root);
    String version = YamlTree.required(name, root, "version");
    String source = YamlTree.required(name, root, "source");
    return new Framework(level.map(l -> id + "-level" + l).orElse(id), titles, version, source, groups, controls,
        level);
  }

  /** A control's id: its own, or for a levelled framework the clause of the level (absent: not at that level). */
  private static Optional<String> control(String name, Mapping c, Optional<Integer> level) {
    if (level.isEmpty()) {
      return Optional.of(YamlTree.required(name, c, "id"));
    }
    Mapping clauses = YamlTree.mapping(name, c.get("clauses").orElseThrow(() ->
        new InputException(name + ":" + c.line() + ": a control of a levelled framework needs 'clauses'")), "'clauses'");
    return YamlTree.optional(name, clauses, String.valueOf(level.get()));
  }

  private static Map<String, String> titles(String name, Mapping m) {
    Map<String, String> titles = new LinkedHashMap<>();
    titles.put("en", YamlTree.required(name, m, "title"));
    YamlTree.optional(name, m, ZH).ifPresent(t -> titles.put(ZH, t));
    return titles;
  }

  private static byte[] resource(String file) {
    try (InputStream in = Frameworks.class.getResourceAsStream(RESOURCES + file)) {
      if (in == null) {
        throw new IllegalStateException("built-in framework file " + file + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in framework file " + file, e);
    }
  }
}
