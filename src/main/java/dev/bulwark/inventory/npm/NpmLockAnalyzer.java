package dev.bulwark.inventory.npm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.Analyzer;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.io.Json;
import dev.bulwark.layer.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Packages an npm lock file ({@code package-lock.json}, {@code npm-shrinkwrap.json}) declares, in
 * all three formats: version 1 nests {@code dependencies} by name, versions 2 and 3 list
 * {@code packages} by install path (version 2 carries both; the {@code packages} map wins).
 *
 * <p>Reported with {@link PackageRecord#LOCKFILE}: the inventory keeps them only where no installed
 * copy was found. Like Trivy by default, development dependencies ({@code "dev": true}) are left
 * out, as a production install does not have them; a package locked both as a development and a
 * production dependency is kept. Workspace members and links (entries outside any
 * {@code node_modules}, {@code "link": true}) are the project itself, not dependencies. Lock files
 * inside {@code node_modules} are ignored: npm does not read a dependency's own lock file. A
 * version 1 entry whose version is a source ({@code git+ssh://…#commit}, {@code github:…},
 * {@code file:…}) rather than a registry version is not reported, as version 2 entries without a
 * version are not: neither names a release advisories could apply to.
 *
 * <p>The file is read as a stream, one entry at a time, so memory follows the largest entry rather
 * than the file.
 */
public final class NpmLockAnalyzer implements Analyzer {
  public static final String TYPE = "npm-lock";

  /** Lock files of large monorepos reach tens of MiB; read entry by entry, so this bounds time, not memory. */
  static final long MAX_LOCK_BYTES = 128L << 20;

  private static final String NODE_MODULES = "node_modules/";
  private static final String ALIAS_PREFIX = "npm:";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(LayerEntry entry) {
    String path = entry.path();
    return (path.endsWith("/package-lock.json") || path.endsWith("/npm-shrinkwrap.json"))
        && !path.contains("/node_modules/");
  }

  @Override
  public List<Fact> analyze(AnalyzedFile file) throws IOException {
    if (file.size() > MAX_LOCK_BYTES) {
      return List.of(new Fact.Warning("lock file of " + file.size() + " bytes is over the limit of "
          + MAX_LOCK_BYTES + "; not read"));
    }
    Locked fromPackages = null;
    Locked fromDependencies = new Locked();
    try (InputStream in = file.open(); JsonParser parser = Json.mapper().createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return List.of(new Fact.Warning("lock file is not a JSON object"));
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("packages") && value == JsonToken.START_OBJECT) {
          fromPackages = new Locked();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String installPath = parser.currentName();
            parser.nextToken();
            fromPackages.addInstallPath(installPath, parser.readValueAsTree());
          }
        } else if (field.equals("dependencies") && value == JsonToken.START_OBJECT && fromPackages == null) {
          // Version 2 repeats its packages here for old npm; npm writes "packages" first, so this is skipped.
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            fromDependencies.addNested(name, parser.readValueAsTree());
          }
        } else {
          parser.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      List<Fact> facts = new ArrayList<>((fromPackages != null ? fromPackages : fromDependencies).facts());
      facts.add(new Fact.Warning("lock file is not valid JSON: " + e.getOriginalMessage()));
      return facts;
    }
    return (fromPackages != null ? fromPackages : fromDependencies).facts();
  }

  /** Packages by name and version, in the order the file first names them. */
  private static final class Locked {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** A version 2/3 {@code packages} entry, keyed by its install path ({@code node_modules/a/node_modules/b}). */
    void addInstallPath(String installPath, JsonNode node) {
      if (node == null || !node.isObject() || node.path("link").asBoolean(false)) {
        return;
      }
      int lastModules = installPath.lastIndexOf(NODE_MODULES);
      if (lastModules < 0 || (lastModules > 0 && installPath.charAt(lastModules - 1) != '/')) {
        return;
      }
      String name = text(node.get("name"));
      if (name.isEmpty()) {
        name = installPath.substring(lastModules + NODE_MODULES.length());
      }
      add(name, text(node.get("version")), node);
    }

    /** A version 1 {@code dependencies} entry and, recursively, the ones nested in it. */
    void addNested(String name, JsonNode node) {
      if (node == null || !node.isObject()) {
        return;
      }
      String version = text(node.get("version"));
      if (version.startsWith(ALIAS_PREFIX)) {
        // "npm:@babel/code-frame@7.0.0": installed under another name; the package is the target.
        String target = version.substring(ALIAS_PREFIX.length());
        int at = target.lastIndexOf('@');
        if (at > 0) {
          name = target.substring(0, at);
          version = target.substring(at + 1);
        }
      }
      if (version.indexOf(':') < 0 && version.indexOf('/') < 0) {
        add(name, version, node);
      }
      // Nesting depth is bounded by the parser's maximum nesting depth.
      JsonNode nested = node.get("dependencies");
      if (nested != null && nested.isObject()) {
        for (Map.Entry<String, JsonNode> child : nested.properties()) {
          addNested(child.getKey(), child.getValue());
        }
      }
    }

    private void add(String name, String version, JsonNode node) {
      if (name.isBlank() || version.isEmpty()) {
        return;
      }
      boolean dev = node.path("dev").asBoolean(false);
      Entry entry = entries.computeIfAbsent(name + "@" + version, k -> new Entry(name, version));
      entry.production |= !dev;
      JsonNode license = node.get("license");
      if (license != null) {
        NpmLicenses.collect(license, entry.licenses);
      }
    }

    List<Fact> facts() {
      List<Fact> facts = new ArrayList<>();
      for (Entry entry : entries.values()) {
        if (entry.production) {
          facts.add(new Fact.FoundPackage(PackageRecord.builder(PackageType.NPM, entry.name, entry.version)
              .licenses(List.copyOf(entry.licenses))
              .property(PackageRecord.LOCKFILE, "true")
              .build()));
        }
      }
      return facts;
    }
  }

  private static final class Entry {
    final String name;
    final String version;
    final Set<String> licenses = new LinkedHashSet<>();
    boolean production;

    Entry(String name, String version) {
      this.name = name;
      this.version = version;
    }
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText().strip() : "";
  }
}
