package dev.bulwark.report.sbom;

import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.distro.Distro;
import dev.bulwark.report.RenderContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Evidence;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.component.evidence.Occurrence;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * CycloneDX 1.6 JSON. The image is the metadata component, the distribution an
 * operating-system component, each package a library with its Package URL as bom-ref; where it
 * was found goes in {@code evidence.occurrences}, the rest (layer, source package, owner) in
 * {@code bulwark:*} properties.
 */
public final class CycloneDxRenderer implements SbomRenderer {
  @Override
  public String format() {
    return "cyclonedx";
  }

  @Override
  public void render(Inventory inventory, RenderContext context, OutputStream out) throws IOException {
    out.write(toJson(bom(inventory, context)).getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }

  /** The BOM model, for renderers that extend it (the vulnerability report adds a section). */
  public static Bom bom(Inventory inventory, RenderContext context) {
    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + Identifiers.documentUuid(inventory, context.toolVersion()));
    bom.setVersion(1);
    Metadata metadata = new Metadata();
    metadata.setTimestamp(Date.from(context.timestamp()));
    Component tool = new Component();
    tool.setType(Component.Type.APPLICATION);
    tool.setName(context.toolName());
    tool.setVersion(context.toolVersion());
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(tool));
    metadata.setToolChoice(tools);
    metadata.setComponent(imageComponent(inventory));
    bom.setMetadata(metadata);

    List<Component> components = new ArrayList<>();
    inventory.distro().ifPresent(d -> components.add(distroComponent(d)));
    for (Map.Entry<Package, String> entry : Identifiers.references(inventory).entrySet()) {
      components.add(packageComponent(entry.getKey(), entry.getValue()));
    }
    bom.setComponents(components);
    return bom;
  }

  public static String toJson(Bom bom) {
    try {
      return BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString();
    } catch (GeneratorException e) {
      throw new IllegalStateException("CycloneDX generation failed", e);
    }
  }

  private static Component imageComponent(Inventory inventory) {
    Component image = new Component();
    image.setType(Component.Type.CONTAINER);
    image.setName(inventory.image().name());
    inventory.image().configDigest().ifPresent(d -> image.setVersion(d.toString()));
    image.setBomRef("image:" + inventory.image().configDigest().map(Object::toString).orElse(inventory.image().name()));
    List<Property> properties = new ArrayList<>();
    inventory.image().manifestDigest().ifPresent(d -> properties.add(property("bulwark:image:manifestDigest", d.toString())));
    for (String tag : inventory.image().repoTags()) {
      properties.add(property("bulwark:image:repoTag", tag));
    }
    for (String digest : inventory.image().repoDigests()) {
      properties.add(property("bulwark:image:repoDigest", digest));
    }
    inventory.image().layers().forEach(layer -> layer.diffId()
        .ifPresent(d -> properties.add(property("bulwark:image:layer:" + layer.index() + ":diffId", d.toString()))));
    if (!properties.isEmpty()) {
      image.setProperties(properties);
    }
    return image;
  }

  private static Component distroComponent(Distro distro) {
    Component os = new Component();
    os.setType(Component.Type.OPERATING_SYSTEM);
    os.setBomRef("os:" + distro.id() + "@" + distro.versionId());
    os.setName(distro.id());
    os.setVersion(distro.versionId());
    if (!distro.prettyName().isEmpty()) {
      os.setDescription(distro.prettyName());
    }
    return os;
  }

  private static Component packageComponent(Package p, String reference) {
    PackageRecord record = p.record();
    Component component = new Component();
    component.setType(Component.Type.LIBRARY);
    component.setBomRef(reference);
    int colon = record.type() == dev.bulwark.inventory.PackageType.MAVEN ? record.name().indexOf(':') : -1;
    if (colon > 0) {
      component.setGroup(record.name().substring(0, colon));
      component.setName(record.name().substring(colon + 1));
    } else {
      component.setName(record.name());
    }
    component.setVersion(record.version());
    component.setPurl(p.purl());
    if (!record.licenses().isEmpty()) {
      LicenseChoice licenses = new LicenseChoice();
      for (String name : record.licenses()) {
        License license = new License();
        license.setName(name);
        licenses.addLicense(license);
      }
      component.setLicenses(licenses);
    }
    record.sha1().ifPresent(sha1 -> component.setHashes(List.of(new Hash(Hash.Algorithm.SHA1, sha1))));
    Evidence evidence = new Evidence();
    for (String location : p.locations()) {
      Occurrence occurrence = new Occurrence();
      occurrence.setLocation(location);
      evidence.addOccurrence(occurrence);
    }
    component.setEvidence(evidence);
    List<Property> properties = new ArrayList<>();
    properties.add(property("bulwark:foundBy", p.foundBy()));
    properties.add(property("bulwark:layer", Integer.toString(p.layer())));
    p.layerDiffId().ifPresent(d -> properties.add(property("bulwark:layerDiffId", d.toString())));
    if (!record.arch().isEmpty()) {
      properties.add(property("bulwark:arch", record.arch()));
    }
    record.source().ifPresent(source -> {
      properties.add(property("bulwark:sourcePackage:name", source.name()));
      properties.add(property("bulwark:sourcePackage:version", source.version()));
    });
    record.modularityLabel().ifPresent(label -> properties.add(property("bulwark:rpm:modularityLabel", label)));
    record.vendor().ifPresent(vendor -> properties.add(property("bulwark:vendor", vendor)));
    p.ownedBy().ifPresent(owner -> properties.add(property("bulwark:ownedBy", owner)));
    record.properties().forEach((key, value) -> properties.add(property("bulwark:" + key, value)));
    component.setProperties(properties);
    return component;
  }

  private static Property property(String name, String value) {
    Property property = new Property();
    property.setName(name);
    property.setValue(value);
    return property;
  }
}
