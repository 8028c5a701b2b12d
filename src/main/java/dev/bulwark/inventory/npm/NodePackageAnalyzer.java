package dev.bulwark.inventory.npm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.Analyzer;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.io.Json;
import dev.bulwark.layer.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Installed npm packages: the {@code package.json} at the root of each package directory under a
 * {@code node_modules} directory ({@code …/node_modules/lodash/package.json},
 * {@code …/node_modules/@babel/core/package.json}, nested {@code node_modules} included). Other
 * {@code package.json} files (the project's own, or those inside a package's subfolders such as
 * {@code tslib/modules/package.json}) describe no installed package and are not read.
 *
 * <p>The name is the one in {@code package.json}, not the directory's: an aliased install
 * ({@code npm install sw4@npm:string-width@4}) lives in {@code node_modules/sw4} but is
 * {@code string-width}. A manifest without a name or version is not a published package and is
 * skipped.
 */
public final class NodePackageAnalyzer implements Analyzer {
  public static final String TYPE = "npm-package";

  /** Installed manifests are a few KiB (old npm versions embedded the readme); past this it is no manifest. */
  static final long MAX_MANIFEST_BYTES = 16L << 20;

  private static final String MANIFEST = "/package.json";
  private static final String NODE_MODULES = "node_modules";

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
    return isPackageRoot(entry.path());
  }

  /**
   * Whether {@code path} is {@code …/node_modules/<name>/package.json} or
   * {@code …/node_modules/@scope/<name>/package.json}.
   */
  static boolean isPackageRoot(String path) {
    if (!path.endsWith(MANIFEST)) {
      return false;
    }
    int nameEnd = path.length() - MANIFEST.length();
    int nameStart = path.lastIndexOf('/', nameEnd - 1) + 1;
    if (nameStart <= 0 || nameStart == nameEnd) {
      return false;
    }
    char first = path.charAt(nameStart);
    if (first == '.' || first == '@') {
      // .bin, .cache, .pnpm are npm's own; a bare scope directory is no package.
      return false;
    }
    if (isNodeModules(path, nameStart - 1)) {
      return true;
    }
    int scopeEnd = nameStart - 1;
    int scopeStart = path.lastIndexOf('/', scopeEnd - 1) + 1;
    return scopeStart > 0
        && scopeEnd - scopeStart >= 2
        && path.charAt(scopeStart) == '@'
        && isNodeModules(path, scopeStart - 1);
  }

  /** Whether the path component that ends just before the slash at {@code slash} is {@code node_modules}. */
  private static boolean isNodeModules(String path, int slash) {
    int start = slash - NODE_MODULES.length();
    return start >= 1 && path.charAt(start - 1) == '/' && path.startsWith(NODE_MODULES, start);
  }

  @Override
  public List<Fact> analyze(AnalyzedFile file) throws IOException {
    if (file.size() > MAX_MANIFEST_BYTES) {
      return List.of(new Fact.Warning("package.json of " + file.size() + " bytes is over the limit of "
          + MAX_MANIFEST_BYTES + "; not read"));
    }
    String name = null;
    String version = null;
    Set<String> licenses = new LinkedHashSet<>();
    try (InputStream in = file.open(); JsonParser parser = Json.mapper().createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return List.of(new Fact.Warning("package.json is not a JSON object"));
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "name" -> name = value == JsonToken.VALUE_STRING ? parser.getText().strip() : null;
          case "version" -> version = value == JsonToken.VALUE_STRING ? parser.getText().strip() : null;
          case "license", "licenses" -> NpmLicenses.collect(parser.readValueAsTree(), licenses);
          default -> parser.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      return List.of(new Fact.Warning("package.json is not valid JSON: " + e.getOriginalMessage()));
    }
    if (name == null || name.isEmpty() || version == null || version.isEmpty()) {
      return List.of();
    }
    return List.of(new Fact.FoundPackage(PackageRecord.builder(PackageType.NPM, name, version)
        .licenses(List.copyOf(licenses))
        .build()));
  }
}
