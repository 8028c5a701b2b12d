package dev.bulwark.report.sbom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.inventory.ImageSummary;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.distro.Distro;
import dev.bulwark.io.Json;
import dev.bulwark.report.RenderContext;
import java.io.IOException;
import java.io.OutputStream;
import java.time.format.DateTimeFormatter;

/**
 * Bulwark's own inventory JSON, documented in docs/json-format.md. Field names and meanings are
 * stable within a {@code schema} version; new fields may be added.
 */
public final class JsonRenderer implements SbomRenderer {
  public static final String SCHEMA = "bulwark-inventory/1";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Override
  public String format() {
    return "json";
  }

  @Override
  public void render(Inventory inventory, RenderContext context, OutputStream out) throws IOException {
    ObjectNode root = NODES.objectNode();
    root.put("schema", SCHEMA);
    root.put("generator", context.toolName() + " " + context.toolVersion());
    root.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(context.timestamp()));
    root.set("image", image(inventory.image()));
    inventory.distro().ifPresent(d -> root.set("distro", distro(d)));
    ArrayNode packages = root.putArray("packages");
    for (Package p : inventory.packages()) {
      packages.add(pkg(p));
    }
    ArrayNode warnings = root.putArray("warnings");
    inventory.warnings().forEach(warnings::add);
    Json.writePretty(out, root);
  }

  public static ObjectNode image(ImageSummary image) {
    ObjectNode node = NODES.objectNode();
    node.put("name", image.name());
    image.manifestDigest().ifPresent(d -> node.put("manifestDigest", d.toString()));
    image.configDigest().ifPresent(d -> node.put("configDigest", d.toString()));
    node.put("os", image.os());
    node.put("architecture", image.architecture());
    ArrayNode tags = node.putArray("repoTags");
    image.repoTags().forEach(tags::add);
    ArrayNode digests = node.putArray("repoDigests");
    image.repoDigests().forEach(digests::add);
    ArrayNode layers = node.putArray("layers");
    for (ImageSummary.LayerSummary layer : image.layers()) {
      ObjectNode l = layers.addObject();
      l.put("index", layer.index());
      layer.diffId().ifPresent(d -> l.put("diffId", d.toString()));
      layer.blobDigest().ifPresent(d -> l.put("digest", d.toString()));
      layer.createdBy().ifPresent(c -> l.put("createdBy", c));
    }
    return node;
  }

  public static ObjectNode distro(Distro distro) {
    ObjectNode node = NODES.objectNode();
    node.put("id", distro.id());
    node.put("versionId", distro.versionId());
    node.put("name", distro.name());
    node.put("prettyName", distro.prettyName());
    distro.codename().ifPresent(c -> node.put("codename", c));
    distro.branch().ifPresent(b -> node.put("branch", b));
    return node;
  }

  public static ObjectNode pkg(Package p) {
    PackageRecord record = p.record();
    ObjectNode node = NODES.objectNode();
    node.put("type", record.type().purlType());
    node.put("name", record.name());
    node.put("version", record.version());
    if (!record.arch().isEmpty()) {
      node.put("arch", record.arch());
    }
    node.put("purl", p.purl());
    record.source().ifPresent(s -> {
      ObjectNode source = node.putObject("source");
      source.put("name", s.name());
      source.put("version", s.version());
    });
    if (!record.licenses().isEmpty()) {
      ArrayNode licenses = node.putArray("licenses");
      record.licenses().forEach(licenses::add);
    }
    record.sha1().ifPresent(s -> node.put("sha1", s));
    record.modularityLabel().ifPresent(s -> node.put("modularityLabel", s));
    record.vendor().ifPresent(s -> node.put("vendor", s));
    ObjectNode layer = node.putObject("layer");
    layer.put("index", p.layer());
    p.layerDiffId().ifPresent(d -> layer.put("diffId", d.toString()));
    ArrayNode locations = node.putArray("locations");
    p.locations().forEach(locations::add);
    p.ownedBy().ifPresent(o -> node.put("ownedBy", o));
    node.put("foundBy", p.foundBy());
    if (!record.properties().isEmpty()) {
      ObjectNode properties = node.putObject("properties");
      record.properties().forEach(properties::put);
    }
    return node;
  }

}
