package dev.bulwark.inventory.php;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Packages Composer installed into a vendor directory, from {@code vendor/composer/installed.json}:
 * an array of packages (Composer 1) or {@code {"packages": [...]}} (Composer 2). Development
 * packages are reported too: they are in this file only when they were installed.
 *
 * <p>Versions are kept as Composer writes them, {@code v5.4.0} included: Packagist's own data (and
 * so OSV's Packagist records) carries the {@code v}, and the Packagist version comparison ignores
 * it. The file is read as a stream, one package at a time.
 */
public final class ComposerInstalledAnalyzer implements Analyzer {
  public static final String TYPE = "composer-installed";

  /** A vendor tree of a few hundred packages makes a file of a few MiB. */
  static final long MAX_INSTALLED_BYTES = 64L << 20;

  private static final String INSTALLED = "/composer/installed.json";

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
    // vendor/ is Composer's default; a project may rename it (config.vendor-dir).
    return entry.path().endsWith(INSTALLED);
  }

  @Override
  public List<Fact> analyze(AnalyzedFile file) throws IOException {
    if (file.size() > MAX_INSTALLED_BYTES) {
      return List.of(new Fact.Warning("installed.json of " + file.size() + " bytes is over the limit of "
          + MAX_INSTALLED_BYTES + "; not read"));
    }
    List<Fact> facts = new ArrayList<>();
    try (InputStream in = file.open(); JsonParser parser = Json.mapper().createParser(in)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_ARRAY) {
        readPackages(parser, facts);
      } else if (first == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          if (parser.nextToken() == JsonToken.START_ARRAY && field.equals("packages")) {
            readPackages(parser, facts);
          } else {
            parser.skipChildren();
          }
        }
      } else {
        return List.of(new Fact.Warning("installed.json is neither a JSON array nor an object"));
      }
    } catch (JsonProcessingException e) {
      facts.add(new Fact.Warning("installed.json is not valid JSON: " + e.getOriginalMessage()));
    }
    return facts;
  }

  /** Reads the array the parser is at the start of, one package object at a time. */
  private static void readPackages(JsonParser parser, List<Fact> facts) throws IOException {
    for (JsonToken token = parser.nextToken(); token != null && token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      JsonNode pkg = parser.readValueAsTree();
      if (pkg == null || !pkg.isObject()) {
        continue;
      }
      String name = text(pkg.get("name"));
      String version = text(pkg.get("version"));
      if (name.isEmpty() || version.isEmpty()) {
        continue;
      }
      facts.add(new Fact.FoundPackage(PackageRecord.builder(PackageType.COMPOSER, name, version)
          .licenses(licenses(pkg.get("license")))
          .build()));
    }
  }

  private static List<String> licenses(JsonNode license) {
    Set<String> names = new LinkedHashSet<>();
    if (license != null && license.isTextual()) {
      add(license, names);
    } else if (license != null && license.isArray()) {
      for (JsonNode element : license) {
        add(element, names);
      }
    }
    return List.copyOf(names);
  }

  private static void add(JsonNode node, Set<String> names) {
    String text = text(node);
    if (!text.isEmpty()) {
      names.add(text);
    }
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText().strip() : "";
  }
}
