package dev.bulwark.report.sbom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.io.Json;
import dev.bulwark.report.RenderContext;
import java.io.IOException;
import java.io.OutputStream;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SPDX 2.3 JSON. The document DESCRIBES the image package, which CONTAINS every other package;
 * Package URLs are PACKAGE-MANAGER external references. A license string goes into
 * licenseDeclared only when it is a plain SPDX expression; otherwise NOASSERTION, with the text
 * kept in licenseComments.
 */
public final class SpdxRenderer implements SbomRenderer {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern SPDX_EXPRESSION =
      Pattern.compile("[A-Za-z0-9.+-]+(?:\\s+(?:AND|OR|WITH)\\s+[A-Za-z0-9.+-]+)*");
  private static final Pattern NOT_ID_CHARACTERS = Pattern.compile("[^A-Za-z0-9.-]+");

  @Override
  public String format() {
    return "spdx";
  }

  @Override
  public void render(Inventory inventory, RenderContext context, OutputStream out) throws IOException {
    ObjectNode root = NODES.objectNode();
    root.put("spdxVersion", "SPDX-2.3");
    root.put("dataLicense", "CC0-1.0");
    root.put("SPDXID", "SPDXRef-DOCUMENT");
    root.put("name", inventory.image().name());
    root.put("documentNamespace", "https://bulwark.dev/spdx/" + NOT_ID_CHARACTERS.matcher(inventory.image().name())
        .replaceAll("-") + "-" + Identifiers.documentUuid(inventory, context.toolVersion()));
    ObjectNode creation = root.putObject("creationInfo");
    creation.put("created", DateTimeFormatter.ISO_INSTANT.format(context.timestamp().truncatedTo(ChronoUnit.SECONDS)));
    creation.putArray("creators").add("Tool: " + context.toolName() + "-" + context.toolVersion());
    root.putArray("documentDescribes").add("SPDXRef-Image");

    ArrayNode packages = root.putArray("packages");
    ArrayNode relationships = root.putArray("relationships");
    ObjectNode image = packages.addObject();
    image.put("name", inventory.image().name());
    image.put("SPDXID", "SPDXRef-Image");
    inventory.image().configDigest().ifPresent(d -> image.put("versionInfo", d.toString()));
    image.put("downloadLocation", "NOASSERTION");
    image.put("filesAnalyzed", false);
    image.put("primaryPackagePurpose", "CONTAINER");
    noAssertions(image);
    relate(relationships, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image");

    for (Map.Entry<Package, String> entry : Identifiers.references(inventory).entrySet()) {
      Package p = entry.getKey();
      String id = "SPDXRef-Package-" + p.type().purlType() + "-"
          + NOT_ID_CHARACTERS.matcher(p.name()).replaceAll("-") + "-" + Identifiers.shortHash(entry.getValue());
      packages.add(pkg(p, id));
      relate(relationships, "SPDXRef-Image", "CONTAINS", id);
    }
    Json.writePretty(out, root);
  }

  private static ObjectNode pkg(Package p, String id) {
    PackageRecord record = p.record();
    ObjectNode node = NODES.objectNode();
    node.put("name", record.name());
    node.put("SPDXID", id);
    node.put("versionInfo", record.version());
    node.put("downloadLocation", "NOASSERTION");
    node.put("filesAnalyzed", false);
    node.put("primaryPackagePurpose", "LIBRARY");
    record.sha1().ifPresent(sha1 -> node.putArray("checksums").addObject()
        .put("algorithm", "SHA1").put("checksumValue", sha1));
    node.put("licenseConcluded", "NOASSERTION");
    String declared = String.join(" AND ", record.licenses());
    if (!declared.isEmpty() && SPDX_EXPRESSION.matcher(declared).matches()) {
      node.put("licenseDeclared", record.licenses().size() > 1 ? "(" + declared + ")" : declared);
    } else {
      node.put("licenseDeclared", "NOASSERTION");
      if (!declared.isEmpty()) {
        node.put("licenseComments", declared);
      }
    }
    node.put("copyrightText", "NOASSERTION");
    node.put("sourceInfo", "found by " + p.foundBy() + " in " + String.join(", ", p.locations()) + " (layer "
        + p.layer() + p.layerDiffId().map(d -> " " + d).orElse("") + ")");
    record.source().ifPresent(s -> node.put("comment", "source package " + s.name() + " " + s.version()));
    ObjectNode purl = node.putArray("externalRefs").addObject();
    purl.put("referenceCategory", "PACKAGE-MANAGER");
    purl.put("referenceType", "purl");
    purl.put("referenceLocator", p.purl());
    return node;
  }

  private static void noAssertions(ObjectNode node) {
    node.put("licenseConcluded", "NOASSERTION");
    node.put("licenseDeclared", "NOASSERTION");
    node.put("copyrightText", "NOASSERTION");
  }

  private static void relate(ArrayNode relationships, String from, String type, String to) {
    ObjectNode relation = relationships.addObject();
    relation.put("spdxElementId", from);
    relation.put("relationshipType", type);
    relation.put("relatedSpdxElement", to);
  }
}
