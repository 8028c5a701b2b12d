package dev.bulwark.audit.rule;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.audit.rule.YamlTree.Mapping;
import dev.bulwark.audit.rule.YamlTree.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads rule files: the built-in catalog (resources listed in {@code rules/index.txt}) and the
 * {@code *.yaml} files of a user's --rules directory. A file holds one rule (a mapping) or several
 * ({@code rules:} and a list). Everything is validated and compiled here, so a mistake stops the
 * audit before it starts, with the file and line.
 */
public final class RuleLoader {
  /** Rule files read from one user directory. */
  public static final int MAX_USER_FILES = 1_000;
  private static final String RESOURCES = "/dev/bulwark/audit/rules/";
  private static final String ZH = "zh-CN";
  private static final Set<String> RULE_KEYS = Set.of("id", "title", "severity", "scope", "rationale", "remediation",
      "expression", "applies", "evidence", "references", ZH);
  private static final Set<String> TEXT_KEYS = Set.of("title", "rationale", "remediation");
  private static final Set<String> EVIDENCE_KEYS = Set.of("path", "where");

  private final RuleLanguage language;

  public RuleLoader(RuleLanguage language) {
    this.language = language;
  }

  /** The built-in catalog. */
  public List<CompiledRule> builtin() {
    List<CompiledRule> rules = new ArrayList<>();
    for (String file : builtinFiles()) {
      rules.addAll(parse("builtin:" + file, resource(file)));
    }
    return unique(rules);
  }

  /** The names of the built-in rule files, in catalog order. */
  public static List<String> builtinFiles() {
    return new String(resource("index.txt"), StandardCharsets.UTF_8).lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** The built-in catalog plus the rules of each directory in {@code directories}. */
  public List<CompiledRule> load(List<Path> directories) {
    List<CompiledRule> rules = new ArrayList<>(builtin());
    for (Path directory : directories) {
      rules.addAll(directory(directory));
    }
    return unique(rules);
  }

  /** The rules of one user directory: every {@code .yaml} or {@code .yml} file in it, by name. */
  public List<CompiledRule> directory(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new InputException("--rules " + directory + ": not a directory");
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(p -> {
        String name = p.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && Files.isRegularFile(p);
      }).sorted().limit(MAX_USER_FILES + 1L).toList();
    } catch (IOException e) {
      throw new InputException("--rules " + directory + ": " + e.getMessage(), e);
    }
    if (files.size() > MAX_USER_FILES) {
      throw new LimitExceededException("--rules " + directory, "number of rule files", MAX_USER_FILES);
    }
    List<CompiledRule> rules = new ArrayList<>();
    for (Path file : files) {
      byte[] content;
      try {
        if (Files.size(file) > YamlTree.MAX_FILE_BYTES) {
          throw new LimitExceededException(file.toString(), "file size", YamlTree.MAX_FILE_BYTES);
        }
        content = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new InputException(file + ": " + e.getMessage(), e);
      }
      rules.addAll(parse(file.toString(), content));
    }
    return rules;
  }

  /** Parses and compiles the rules of one file. */
  public List<CompiledRule> parse(String name, byte[] content) {
    Node root = YamlTree.read(name, content);
    Mapping mapping = YamlTree.mapping(name, root, "a rule file");
    if (mapping.entries().containsKey("rules")) {
      YamlTree.onlyKeys(name, mapping, Set.of("rules"));
      List<CompiledRule> rules = new ArrayList<>();
      for (Node node : YamlTree.sequence(name, mapping.get("rules").orElseThrow(), "'rules'")) {
        rules.add(rule(name, YamlTree.mapping(name, node, "a rule")));
      }
      return rules;
    }
    return List.of(rule(name, mapping));
  }

  private CompiledRule rule(String name, Mapping m) {
    YamlTree.onlyKeys(name, m, RULE_KEYS);
    String id = YamlTree.required(name, m, "id");
    String severityText = YamlTree.required(name, m, "severity");
    Severity severity = Severity.parse(severityText).orElseThrow(() -> new InputException(name + ":"
        + m.lineOf("severity") + ": rule " + id + ": severity '" + severityText
        + "' is not critical, high, medium, low or info"));
    String scopeText = YamlTree.required(name, m, "scope");
    Scope scope = Scope.parse(scopeText).orElseThrow(() -> new InputException(name + ":" + m.lineOf("scope")
        + ": rule " + id + ": unknown scope '" + scopeText
        + "' (container, pod, dockerfile, instruction, image, daemon or host)"));
    Map<String, RuleText> texts = new LinkedHashMap<>();
    texts.put(Rule.ENGLISH, new RuleText(YamlTree.required(name, m, "title"),
        YamlTree.required(name, m, "rationale"), YamlTree.required(name, m, "remediation")));
    Optional<Node> zh = m.get(ZH);
    if (zh.isPresent()) {
      Mapping t = YamlTree.mapping(name, zh.get(), "'" + ZH + "'");
      YamlTree.onlyKeys(name, t, TEXT_KEYS);
      texts.put(ZH, new RuleText(YamlTree.required(name, t, "title"), YamlTree.required(name, t, "rationale"),
          YamlTree.required(name, t, "remediation")));
    }
    String expression = YamlTree.required(name, m, "expression");
    Optional<String> applies = YamlTree.optional(name, m, "applies");
    List<EvidenceSpec> evidence = new ArrayList<>();
    List<Integer> evidenceLines = new ArrayList<>();
    if (m.get("evidence").isPresent()) {
      for (Node node : YamlTree.sequence(name, m.get("evidence").get(), "'evidence'")) {
        evidence.add(evidence(name, id, node));
        evidenceLines.add(node.line());
      }
    }
    List<String> references = YamlTree.strings(name, m, "references");
    Rule rule;
    try {
      rule = new Rule(id, severity, scope, texts, expression, applies, evidence, references, name);
    } catch (IllegalArgumentException e) {
      throw new InputException(name + ":" + m.line() + ": " + e.getMessage(), e);
    }
    RuleLanguage.Compiled compiled = compile(name, m.lineOf("expression"), id, scope, false, expression);
    Optional<RuleLanguage.Compiled> precondition = applies.map(a -> compile(name, m.lineOf("applies"), id, scope,
        false, a));
    List<CompiledRule.Evidence> compiledEvidence = new ArrayList<>();
    for (int i = 0; i < evidence.size(); i++) {
      EvidenceSpec spec = evidence.get(i);
      int line = evidenceLines.get(i);
      checkPath(name, line, id, scope, spec.path());
      compiledEvidence.add(new CompiledRule.Evidence(spec,
          spec.where().map(w -> compile(name, line, id, scope, true, w))));
    }
    return new CompiledRule(rule, compiled, precondition, compiledEvidence);
  }

  private static EvidenceSpec evidence(String name, String id, Node node) {
    try {
      if (node instanceof Mapping e) {
        YamlTree.onlyKeys(name, e, EVIDENCE_KEYS);
        return new EvidenceSpec(YamlTree.required(name, e, "path"), YamlTree.optional(name, e, "where"));
      }
      return new EvidenceSpec(YamlTree.text(name, node, "an evidence item"), Optional.empty());
    } catch (IllegalArgumentException e) {
      throw new InputException(name + ":" + node.line() + ": rule " + id + ": " + e.getMessage(), e);
    }
  }

  /**
   * Paths are relative to the scope's first variable; other variables are named ({@code pod.hostPID});
   * a variable's name alone cites all of it ({@code instruction}).
   */
  private static void checkPath(String name, int line, String id, Scope scope, String path) {
    String head = path.split("[.\\[]", 2)[0];
    if (head.equals(scope.primary()) && !path.equals(head)) {
      throw new InputException(name + ":" + line + ": rule " + id + ": evidence path '" + path
          + "' is relative to '" + scope.primary() + "': leave out the '" + scope.primary() + ".'");
    }
  }

  private RuleLanguage.Compiled compile(String name, int line, String id, Scope scope, boolean item,
      String expression) {
    try {
      return language.compile(scope, item, expression);
    } catch (RuleLanguage.CompileError e) {
      throw new InputException(name + ":" + line + ": rule " + id + ": invalid CEL: " + e.getMessage());
    }
  }

  private static List<CompiledRule> unique(List<CompiledRule> rules) {
    Map<String, CompiledRule> seen = new HashMap<>();
    for (CompiledRule rule : rules) {
      CompiledRule earlier = seen.putIfAbsent(rule.rule().id(), rule);
      if (earlier != null) {
        throw new InputException(rule.rule().origin() + ": rule id '" + rule.rule().id() + "' is already defined in "
            + earlier.rule().origin());
      }
    }
    return List.copyOf(rules);
  }

  private static byte[] resource(String file) {
    try (InputStream in = RuleLoader.class.getResourceAsStream(RESOURCES + file)) {
      if (in == null) {
        throw new IllegalStateException("built-in rule file " + file + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in rule file " + file, e);
    }
  }
}
