package dev.bulwark.enforce.policy;

import dev.bulwark.InputException;
import dev.bulwark.audit.source.tree.Cursor;
import dev.bulwark.audit.source.tree.TreeException;
import dev.bulwark.audit.source.tree.YamlDocuments;
import dev.bulwark.vuln.cvss.Rating;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads guard policies (docs/guard.md). Unknown keys and unknown rule ids are errors naming the
 * line: a typo must not quietly leave a rule unenforced.
 */
public final class PolicyFile {
  private static final String DEFAULT = "/dev/bulwark/enforce/default-policy.yaml";
  private static final Set<String> TOP = Set.of("default", "rules", "exemptions", "plugins", "registries", "exec",
      "imageGate");

  private PolicyFile() {}

  /** The built-in policy. */
  public static GuardPolicy defaults(Set<String> knownRules) {
    try (InputStream in = PolicyFile.class.getResourceAsStream(DEFAULT)) {
      return parse(in.readAllBytes(), "built-in policy", knownRules);
    } catch (IOException e) {
      throw new IllegalStateException("the built-in policy is missing from the build", e);
    }
  }

  public static String defaultText() {
    try (InputStream in = PolicyFile.class.getResourceAsStream(DEFAULT)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("the built-in policy is missing from the build", e);
    }
  }

  public static GuardPolicy load(Path file, Set<String> knownRules) {
    try {
      if (Files.size(file) > YamlDocuments.MAX_BYTES) {
        throw new InputException(file + ": larger than " + YamlDocuments.MAX_BYTES + " bytes");
      }
      return parse(Files.readAllBytes(file), file.toString(), knownRules);
    } catch (IOException e) {
      throw new InputException("cannot read the policy " + file + ": " + e.getMessage(), e);
    }
  }

  static GuardPolicy parse(byte[] bytes, String source, Set<String> knownRules) {
    try {
      List<YamlDocuments.Document> documents = YamlDocuments.read(bytes, source);
      if (documents.size() != 1) {
        throw new InputException(source + ": a policy is one YAML document");
      }
      Cursor root = Cursor.root(source, documents.getFirst().root());
      keys(root, TOP);
      Mode defaultMode = mode(root.get("default"), Mode.WARN);
      Map<String, Mode> modes = new LinkedHashMap<>();
      root.get("rules").entries().forEach((rule, value) -> {
        if (!knownRules.contains(rule)) {
          throw value.error("no rule '" + rule + "' in the catalog");
        }
        modes.put(rule, mode(value, Mode.WARN));
      });
      List<Exemption> exemptions = new ArrayList<>();
      for (Cursor item : root.get("exemptions").items()) {
        keys(item, Set.of("rules", "users", "images", "labels", "reason"));
        Set<String> rules = new LinkedHashSet<>(item.get("rules").strings());
        for (String rule : rules) {
          if (!rule.equals("*") && !knownRules.contains(rule)) {
            throw item.get("rules").error("no rule '" + rule + "' in the catalog");
          }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        item.get("labels").entries().forEach((k, v) -> labels.put(k, v.textOr("")));
        try {
          exemptions.add(new Exemption(rules.isEmpty() ? Set.of("*") : rules, Set.copyOf(item.get("users").strings()),
              item.get("images").strings(), labels, item.get("reason").textOr("")));
        } catch (IllegalArgumentException e) {
          throw item.error(e.getMessage());
        }
      }
      Cursor plugins = root.get("plugins");
      keys(plugins, Set.of("users"));
      Cursor registries = root.get("registries");
      keys(registries, Set.of("allow"));
      Optional<Set<String>> allowed = registries.get("allow").exists()
          ? Optional.of(Set.copyOf(registries.get("allow").strings())) : Optional.empty();
      Cursor exec = root.get("exec");
      keys(exec, Set.of("privileged", "root"));
      Cursor gate = root.get("imageGate");
      keys(gate, Set.of("severity", "database", "ignoreUnfixed"));
      Optional<GuardPolicy.ImageGate> imageGate = Optional.empty();
      if (gate.exists()) {
        Rating severity = gate.get("severity").text().flatMap(Rating::ofWord)
            .orElseThrow(() -> gate.get("severity").error("imageGate.severity must be low, medium, high or critical"));
        imageGate = Optional.of(new GuardPolicy.ImageGate(severity, gate.get("database").text().map(Path::of),
            gate.get("ignoreUnfixed").bool().orElse(false)));
      }
      return new GuardPolicy(defaultMode, modes, exemptions, Set.copyOf(plugins.get("users").strings()), allowed,
          denies(exec.get("privileged")), denies(exec.get("root")), imageGate, source);
    } catch (TreeException e) {
      throw new InputException(e.getMessage(), e);
    }
  }

  private static boolean denies(Cursor value) {
    String text = value.textOr("deny");
    return switch (text) {
      case "deny" -> true;
      case "allow" -> false;
      default -> throw value.error("expected deny or allow, not '" + text + "'");
    };
  }

  private static Mode mode(Cursor value, Mode fallback) {
    if (!value.exists()) {
      return fallback;
    }
    String text = value.textOr("");
    return Mode.parse(text).orElseThrow(() -> value.error("expected enforce, warn or off, not '" + text + "'"));
  }

  private static void keys(Cursor map, Set<String> allowed) {
    if (!map.exists()) {
      return;
    }
    if (!map.isMap()) {
      throw map.error("expected a mapping");
    }
    for (String key : map.entries().keySet()) {
      if (!allowed.contains(key)) {
        throw map.get(key).error("unknown key '" + key + "' (expected one of " + String.join(", ", allowed) + ")");
      }
    }
  }
}
