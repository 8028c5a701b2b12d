package dev.bulwark.audit.source.kubernetes;

import dev.bulwark.audit.model.Subject;
import dev.bulwark.audit.source.FileKind;
import dev.bulwark.audit.source.SourceFiles;
import dev.bulwark.audit.source.FileSubjectSource;
import dev.bulwark.audit.source.tree.Cursor;
import dev.bulwark.audit.source.tree.JsonDocuments;
import dev.bulwark.audit.source.tree.Node;
import dev.bulwark.audit.source.tree.YamlDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Kubernetes manifests: YAML (any number of documents) or JSON files whose objects have
 * {@code apiVersion} and {@code kind}, {@code kind: List} with {@code items} included, or
 * {@code kubernetes:PATH}. Every object that embeds a pod template gives a {@link Subject.Pod} named
 * {@code Kind/namespace/name} and a {@link Subject.Container} per container; other objects (Services,
 * ConfigMaps, RBAC) give none, and documents without a kind are skipped.
 */
public final class KubernetesSource extends FileSubjectSource {
  /** Items of one {@code List} object. */
  static final int MAX_LIST_ITEMS = 10_000;

  public KubernetesSource() {
    super(FileKind.KUBERNETES);
  }

  @Override
  public List<Subject> loadFile(Path file) {
    String path = file.toString();
    byte[] bytes = SourceFiles.read(file);
    if (path.toLowerCase(Locale.ROOT).endsWith(".json")) {
      return objects(List.of(JsonDocuments.read(bytes, path)), path);
    }
    return read(bytes, path);
  }

  /** The subjects of a YAML stream; {@code path} names it in evidence. */
  public static List<Subject> read(byte[] yaml, String path) {
    return objects(YamlDocuments.read(yaml, path).stream().map(YamlDocuments.Document::root).toList(), path);
  }

  private static List<Subject> objects(List<Node> documents, String path) {
    List<Subject> result = new ArrayList<>();
    for (Node document : documents) {
      Cursor root = Cursor.root(path, document);
      if (!root.isMap()) {
        continue;
      }
      String kind = root.get("kind").textOr("");
      if (kind.equals("List") || kind.endsWith("List") && root.get("items").isList()) {
        List<Cursor> items = root.get("items").items();
        if (items.size() > MAX_LIST_ITEMS) {
          throw new dev.bulwark.LimitExceededException(root.toString(), "list items", MAX_LIST_ITEMS);
        }
        for (Cursor item : items) {
          if (item.isMap()) {
            result.addAll(object(item));
          }
        }
      } else {
        result.addAll(object(root));
      }
    }
    return result;
  }

  /**
   * The subjects of one object as an API server hands it over (an admission request), whose
   * namespace may be left to the request.
   */
  public static List<Subject> fromApiObject(com.fasterxml.jackson.databind.JsonNode object, String source,
      String requestNamespace) {
    return object(Cursor.root(source, dev.bulwark.audit.source.tree.JsonDocuments.of(object)), requestNamespace);
  }

  private static List<Subject> object(Cursor object) {
    return object(object, "default");
  }

  private static List<Subject> object(Cursor object, String defaultNamespace) {
    String kind = object.get("kind").textOr("");
    return PodTemplates.template(kind, object)
        .map(template -> {
          Cursor metadata = object.get("metadata");
          String name = metadata.get("name").text().or(() -> metadata.get("generateName").text()).orElse("");
          String namespace = metadata.get("namespace").text().filter(n -> !n.isEmpty()).orElse(defaultNamespace);
          return PodSpecReader.read(kind, name, namespace, object, template);
        })
        .orElse(List.of());
  }
}
