package dev.bulwark.audit.source.tree;

import dev.bulwark.LimitExceededException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a YAML stream (one or many documents) into {@link Node} trees that keep the line of every
 * key and value. Input is untrusted: the size, the number of documents, nesting, aliases and the
 * entries merge keys create are bounded, and an alias is shared rather than copied, so a "billion
 * laughs" document costs what it weighs. Merge keys ({@code <<: *defaults}, common in compose
 * files) are applied. Of duplicate keys the last wins, as Go's YAML v2 and JSON decoders read them
 * (kube-linter's test data has such a file; kubectl would refuse it).
 */
public final class YamlDocuments {
  /** Largest YAML file read (real manifests and compose files are far smaller). */
  public static final int MAX_BYTES = 4 << 20;
  /** Documents in one stream. */
  public static final int MAX_DOCUMENTS = 10_000;
  /** Aliases to collections in one document; real files use a handful. */
  private static final int MAX_ALIASES = 200;
  /** Nesting of collections; Kubernetes objects nest about 15 levels. */
  private static final int MAX_NESTING = 100;
  /** Map entries and list items created in one stream, merge keys included. */
  private static final int MAX_ENTRIES = 2_000_000;

  /** One document of a stream; {@code line} is where its content starts. */
  public record Document(int index, Node root, int line) {}

  private YamlDocuments() {}

  public static List<Document> read(byte[] bytes, String source) {
    if (bytes.length > MAX_BYTES) {
      throw new LimitExceededException(source, "size", MAX_BYTES);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_BYTES);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options),
        new Resolver(), options);
    Converter converter = new Converter(source);
    List<Document> documents = new ArrayList<>();
    try {
      int index = 0;
      while (composer.checkNode()) {
        org.yaml.snakeyaml.nodes.Node root = composer.getNode();
        if (++index > MAX_DOCUMENTS) {
          throw new LimitExceededException(source, "YAML documents", MAX_DOCUMENTS);
        }
        Node converted = root == null ? null : converter.convert(root);
        if (converted != null && !(converted instanceof Node.ScalarNode scalar && scalar.isNull())) {
          documents.add(new Document(index - 1, converted, converted.line()));
        }
      }
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new TreeException(TreeException.where(source, line, "") + ": malformed YAML: " + problem.strip(), e);
    } catch (YAMLException e) {
      throw new TreeException(source + ": malformed YAML: " + e.getMessage(), e);
    } catch (StackOverflowError e) {
      throw new TreeException(source + ": YAML nested too deeply");
    }
    return documents;
  }

  /** Converts SnakeYAML's node graph once per node, so aliases share their target. */
  private static final class Converter {
    private final String source;
    private final Map<org.yaml.snakeyaml.nodes.Node, Node> done = new IdentityHashMap<>();
    private final Set<org.yaml.snakeyaml.nodes.Node> inProgress =
        java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private long entries;

    Converter(String source) {
      this.source = source;
    }

    Node convert(org.yaml.snakeyaml.nodes.Node node) {
      Node known = done.get(node);
      if (known != null) {
        return known;
      }
      if (!inProgress.add(node)) {
        throw new TreeException(TreeException.where(source, line(node), "") + ": a YAML alias refers to itself");
      }
      Node converted = switch (node) {
        case ScalarNode scalar -> new Node.ScalarNode(scalar.getValue(), scalar.isPlain(),
            scalar.getTag().equals(Tag.NULL), line(node));
        case SequenceNode sequence -> {
          List<Node> items = new ArrayList<>(sequence.getValue().size());
          for (org.yaml.snakeyaml.nodes.Node item : sequence.getValue()) {
            count(1, item);
            items.add(convert(item));
          }
          yield new Node.ListNode(items, line(node));
        }
        case MappingNode mapping -> mapping(mapping);
        default -> throw new TreeException(TreeException.where(source, line(node), "") + ": unsupported YAML node");
      };
      inProgress.remove(node);
      done.put(node, converted);
      return converted;
    }

    private Node mapping(MappingNode mapping) {
      Map<String, Node> explicit = new LinkedHashMap<>();
      Map<String, Integer> keyLines = new HashMap<>();
      List<Node.MapNode> merged = new ArrayList<>();
      for (NodeTuple tuple : mapping.getValue()) {
        org.yaml.snakeyaml.nodes.Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode key)) {
          throw new TreeException(TreeException.where(source, line(keyNode), "")
              + ": a mapping key must be a single value");
        }
        if (key.getTag().equals(Tag.MERGE)) {
          Node value = convert(tuple.getValueNode());
          switch (value) {
            case Node.MapNode map -> merged.add(map);
            case Node.ListNode list -> {
              for (Node item : list.items()) {
                if (!(item instanceof Node.MapNode map)) {
                  throw new TreeException(TreeException.where(source, item.line(), "")
                      + ": a merge key (<<) takes mappings only");
                }
                merged.add(map);
              }
            }
            case Node.ScalarNode scalar -> throw new TreeException(TreeException.where(source, scalar.line(), "")
                + ": a merge key (<<) takes a mapping or a list of mappings");
          }
          continue;
        }
        String name = key.getValue();
        explicit.remove(name);
        count(1, keyNode);
        explicit.put(name, convert(tuple.getValueNode()));
        keyLines.put(name, line(keyNode));
      }
      if (merged.isEmpty()) {
        return new Node.MapNode(explicit, keyLines, line(mapping));
      }
      // Explicit keys win over merged ones; among merged mappings, the first listed wins.
      Map<String, Node> entriesInOrder = new LinkedHashMap<>();
      Map<String, Integer> lines = new HashMap<>();
      for (Node.MapNode map : merged) {
        for (Map.Entry<String, Node> entry : map.entries().entrySet()) {
          if (!explicit.containsKey(entry.getKey()) && !entriesInOrder.containsKey(entry.getKey())) {
            count(1, mapping);
            entriesInOrder.put(entry.getKey(), entry.getValue());
            lines.put(entry.getKey(), map.keyLines().getOrDefault(entry.getKey(), entry.getValue().line()));
          }
        }
      }
      entriesInOrder.putAll(explicit);
      lines.putAll(keyLines);
      return new Node.MapNode(entriesInOrder, lines, line(mapping));
    }

    private void count(int n, org.yaml.snakeyaml.nodes.Node at) {
      entries += n;
      if (entries > MAX_ENTRIES) {
        throw new LimitExceededException(TreeException.where(source, line(at), ""), "YAML entries", MAX_ENTRIES);
      }
    }

    private static int line(org.yaml.snakeyaml.nodes.Node node) {
      return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
  }
}
