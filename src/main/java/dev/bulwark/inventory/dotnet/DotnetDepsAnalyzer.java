package dev.bulwark.inventory.dotnet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.inventory.AnalyzedFile;
import dev.bulwark.inventory.Analyzer;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.io.Json;
import dev.bulwark.layer.LayerEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NuGet packages a published .NET application runs with, from its {@code <app>.deps.json}: the
 * {@code libraries} of type {@code package}, keyed {@code Name/Version}. Projects (the application
 * and its own libraries) and {@code reference} assemblies are not packages.
 *
 * <p>As Trivy does, a package the runtime target lists without any {@code runtime},
 * {@code runtimeTargets} or {@code native} asset is left out: it was needed to build (analyzers,
 * reference-only metapackages) but ships nothing the application loads. A package the target does
 * not list at all is kept, so a file without targets reports every package. A self-contained
 * application's bundled runtime ({@code runtimepack.Microsoft.NETCore.App.Runtime.linux-x64}) is
 * reported under its NuGet name, without the {@code runtimepack.} prefix, since advisories for the
 * runtime name that package.
 */
public final class DotnetDepsAnalyzer implements Analyzer {
  public static final String TYPE = "dotnet-deps";

  /** A large application's deps.json is a few MiB; it is read whole. */
  static final long MAX_DEPS_BYTES = 16L << 20;

  private static final String RUNTIME_PACK_PREFIX = "runtimepack.";

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
    return entry.path().endsWith(".deps.json");
  }

  @Override
  public List<Fact> analyze(AnalyzedFile file) throws IOException {
    if (file.size() > MAX_DEPS_BYTES) {
      return List.of(new Fact.Warning("deps.json of " + file.size() + " bytes is over the limit of "
          + MAX_DEPS_BYTES + "; not read"));
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(file.readAll(MAX_DEPS_BYTES));
    } catch (JsonProcessingException e) {
      return List.of(new Fact.Warning("deps.json is not valid JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      return List.of(new Fact.Warning("deps.json is not a JSON object"));
    }
    JsonNode libraries = root.path("libraries");
    if (!libraries.isObject()) {
      return List.of();
    }
    JsonNode target = root.path("targets").path(root.path("runtimeTarget").path("name").asText(""));
    List<Fact> facts = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    int malformed = 0;
    for (Map.Entry<String, JsonNode> library : libraries.properties()) {
      String type = library.getValue().path("type").asText("");
      if (!type.equalsIgnoreCase("package") && !type.equalsIgnoreCase("runtimepack")) {
        continue;
      }
      String key = library.getKey();
      int slash = key.indexOf('/');
      if (slash <= 0 || slash == key.length() - 1) {
        malformed++;
        continue;
      }
      if (target.isObject() && !loadsAssets(target.get(key))) {
        continue;
      }
      String name = key.substring(0, slash);
      if (name.startsWith(RUNTIME_PACK_PREFIX) && name.length() > RUNTIME_PACK_PREFIX.length()) {
        name = name.substring(RUNTIME_PACK_PREFIX.length());
      }
      String version = key.substring(slash + 1);
      if (seen.add(name + "/" + version)) {
        facts.add(new Fact.FoundPackage(PackageRecord.builder(PackageType.NUGET, name, version).build()));
      }
    }
    if (malformed > 0) {
      facts.add(new Fact.Warning(malformed + " libraries not named Name/Version were skipped"));
    }
    return facts;
  }

  /** Whether the runtime target's entry for a library gives it assets, or does not know it. */
  private static boolean loadsAssets(JsonNode targetEntry) {
    if (targetEntry == null) {
      return true;
    }
    return nonEmpty(targetEntry.get("runtime")) || nonEmpty(targetEntry.get("runtimeTargets"))
        || nonEmpty(targetEntry.get("native"));
  }

  private static boolean nonEmpty(JsonNode node) {
    return node != null && !node.isNull() && (!node.isContainerNode() || !node.isEmpty());
  }
}
