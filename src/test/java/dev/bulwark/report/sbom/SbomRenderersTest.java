package dev.bulwark.report.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.image.Digest;
import dev.bulwark.inventory.ImageSummary;
import dev.bulwark.inventory.Inventory;
import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import dev.bulwark.io.Json;
import dev.bulwark.report.RenderContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SbomRenderersTest {
  private static final Digest CONFIG = Digest.sha256("config".getBytes(StandardCharsets.UTF_8));
  private static final RenderContext CONTEXT = new RenderContext(Instant.parse("2026-01-02T03:04:05Z"), "bulwark", "test");

  static Inventory inventory() {
    Optional<Digest> layer = Optional.of(Digest.sha256(new byte[] {1}));
    ImageSummary image = new ImageSummary("oci:/tmp/x:v1", Optional.empty(), Optional.of(CONFIG), "linux", "amd64",
        List.of(new ImageSummary.LayerSummary(0, layer, Optional.empty(), Optional.of("umoci insert"))), List.of("v1"), List.of());
    PackageRecord libc = PackageRecord.builder(PackageType.DEB, "libc6", "2.36-9+deb12u4").arch("amd64")
        .source("glibc", "2.36-9+deb12u4").build();
    PackageRecord log4j = PackageRecord.builder(PackageType.MAVEN, "org.apache.logging.log4j:log4j-core", "2.14.1")
        .sha1("9141212b8507ab50a45525b545b39d224614528b").licenses(List.of("Apache-2.0")).build();
    PackageRecord lodash = PackageRecord.builder(PackageType.NPM, "lodash", "4.17.15")
        .licenses(List.of("MIT License, see LICENSE")).build();
    return new Inventory(image, Optional.empty(), List.of(
        new Package(libc, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64", 0, layer, List.of("/var/lib/dpkg/status"),
            Optional.empty(), "dpkg-status"),
        new Package(log4j, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", 0, layer,
            List.of("/app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar"), Optional.empty(), "java-archive"),
        new Package(lodash, "pkg:npm/lodash@4.17.15", 0, layer, List.of("/app/node_modules/lodash/package.json"),
            Optional.empty(), "npm-package"),
        new Package(lodash, "pkg:npm/lodash@4.17.15", 0, layer, List.of("/other/node_modules/lodash/package.json"),
            Optional.empty(), "npm-package")),
        List.of());
  }

  static String render(SbomRenderer renderer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    renderer.render(inventory(), CONTEXT, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Nested
  class CycloneDx {
    @Test
    void isValidAgainstTheCycloneDx16Schema() throws Exception {
      byte[] bom = render(new CycloneDxRenderer()).getBytes(StandardCharsets.UTF_8);
      assertThat(new JsonParser().validate(bom, Version.VERSION_16)).isEmpty();
    }

    @Test
    void givesEachCopyItsOwnReferenceAndKeepsWhereItWasFound() throws IOException {
      JsonNode bom = Json.mapper().readTree(render(new CycloneDxRenderer()));
      List<String> refs = bom.path("components").findValuesAsText("bom-ref");
      assertThat(refs).doesNotHaveDuplicates().contains("pkg:npm/lodash@4.17.15", "pkg:npm/lodash@4.17.15#2");
      assertThat(bom.path("components").get(1).path("evidence").path("occurrences").get(0).path("location").asText())
          .isEqualTo("/app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar");
      assertThat(bom.path("metadata").path("timestamp").asText()).isEqualTo("2026-01-02T03:04:05Z");
    }
  }

  @Nested
  class Spdx {
    @Test
    void hasUniqueIdsAndARelationshipPerPackage() throws IOException {
      JsonNode doc = Json.mapper().readTree(render(new SpdxRenderer()));
      assertThat(doc.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
      List<String> ids = doc.path("packages").findValuesAsText("SPDXID");
      assertThat(ids).doesNotHaveDuplicates().hasSize(5).allMatch(id -> id.matches("SPDXRef-[A-Za-z0-9.-]+"));
      assertThat(doc.path("relationships")).hasSize(5);
      assertThat(doc.path("creationInfo").path("created").asText()).isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void declaresOnlyLicensesThatAreSpdxExpressions() throws IOException {
      JsonNode doc = Json.mapper().readTree(render(new SpdxRenderer()));
      JsonNode log4j = doc.path("packages").get(2);
      assertThat(log4j.path("licenseDeclared").asText()).isEqualTo("Apache-2.0");
      JsonNode lodash = doc.path("packages").get(3);
      assertThat(lodash.path("licenseDeclared").asText()).isEqualTo("NOASSERTION");
      assertThat(lodash.path("licenseComments").asText()).isEqualTo("MIT License, see LICENSE");
    }
  }

  @Nested
  class Table {
    @Test
    void neutralizesTerminalControlCharactersFromTheImage() throws IOException {
      Inventory base = inventory();
      PackageRecord hostile = PackageRecord.builder(PackageType.NPM, "evil\u001b[2Jname", "1.0").build();
      Inventory inventory = new Inventory(base.image(), Optional.empty(), List.of(new Package(hostile, "pkg:npm/evil@1.0", 0,
          Optional.empty(), List.of("/x/package.json"), Optional.empty(), "npm-package")), List.of());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new TableRenderer().render(inventory, CONTEXT, out);
      assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("\u001b").contains("evil?[2Jname");
    }
  }
}
