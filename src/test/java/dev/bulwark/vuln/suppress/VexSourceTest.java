package dev.bulwark.vuln.suppress;

import static dev.bulwark.vuln.suppress.ScanFixtures.inventory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.inventory.Package;
import dev.bulwark.vuln.match.Finding;
import dev.bulwark.vuln.scan.Suppressed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VexSourceTest {
  private static final Instant NOW = Instant.parse("2026-04-01T00:00:00Z");
  private static final Path FIXTURES = Path.of("src/test/resources/vuln/suppress");
  private static final List<Package> PACKAGES = List.of(ScanFixtures.zlib(), ScanFixtures.lodash(),
      ScanFixtures.minimist(), ScanFixtures.snakeyaml(), ScanFixtures.springBoot());

  private static SuppressionSource bound(String... files) {
    return unbound(files).forInventory(inventory(PACKAGES));
  }

  private static SuppressionSource unbound(String... files) {
    return VexSource.load(java.util.Arrays.stream(files).map(FIXTURES::resolve).toList());
  }

  private static Finding withPackage(Finding finding, Package pkg) {
    return new Finding(pkg, finding.id(), finding.aliases(), finding.severity(), finding.fixedVersions(), finding.unfixed(),
        finding.summary(), finding.references(), finding.ecosystem());
  }

  @Nested
  class ImageProducts {
    @Test
    void aStatementAboutTheImageSuppressesItsSubcomponentByAlias() {
      Optional<Suppressed> suppressed = bound("shop-web.openvex.json").suppress(ScanFixtures.minimistFinding(), NOW);
      assertThat(suppressed).hasValueSatisfying(s -> {
        assertThat(s.by()).isEqualTo("vex");
        assertThat(s.status()).isEqualTo("not_affected");
        assertThat(s.reason()).startsWith("vulnerable_code_not_in_execute_path: minimist is a build-time dependency");
        assertThat(s.source()).endsWith("shop-web.openvex.json");
      });
    }

    @Test
    void doesNotApplyToAnotherImage() {
      dev.bulwark.inventory.Inventory other = new dev.bulwark.inventory.Inventory(
          new dev.bulwark.inventory.ImageSummary("docker-archive:other.tar", Optional.empty(),
              Optional.of(dev.bulwark.image.Digest.sha256(new byte[] {9})), "linux", "amd64", List.of(), List.of(),
              List.of()), Optional.empty(), PACKAGES, List.of());
      assertThat(unbound("shop-web.openvex.json").forInventory(other).suppress(ScanFixtures.minimistFinding(), NOW))
          .isEmpty();
    }

    @Test
    void unboundItDoesNotApplyAndSaysSo() {
      SuppressionSource source = unbound("shop-web.openvex.json");
      assertThat(source.suppress(ScanFixtures.minimistFinding(), NOW)).isEmpty();
      assertThat(source.warnings(NOW, List.of())).singleElement().asString()
          .contains("shop-web.openvex.json").contains("2 statements").contains("could not be applied");
      assertThat(bound("shop-web.openvex.json").warnings(NOW, List.of())).isEmpty();
    }

    @Test
    void anImageProductWithoutSubcomponentsCoversEveryPackage(@TempDir Path dir) throws IOException {
      Path vex = write(dir, statement("CVE-2023-45853", "{\"@id\": \"registry.example.com/shop/web@"
          + ScanFixtures.MANIFEST + "\"}", "\"status\": \"not_affected\", \"justification\": \"component_not_present\""));
      assertThat(VexSource.load(List.of(vex)).forInventory(inventory(PACKAGES)).suppress(ScanFixtures.zlibFinding(), NOW))
          .isPresent();
    }

    @Test
    void theConfigDigestAndTheRepositoryNameAlsoNameTheImage(@TempDir Path dir) throws IOException {
      for (String product : List.of("{\"@id\": \"" + ScanFixtures.CONFIG + "\"}",
          "{\"@id\": \"pkg:oci/web?repository_url=registry.example.com/shop/web&tag=1.4\"}")) {
        Path vex = write(dir, statement("CVE-2023-45853", product,
            "\"status\": \"fixed\""));
        assertThat(VexSource.load(List.of(vex)).forInventory(inventory(PACKAGES)).suppress(ScanFixtures.zlibFinding(), NOW))
            .as(product).isPresent();
      }
      Path wrongTag = write(dir, statement("CVE-2023-45853",
          "{\"@id\": \"pkg:oci/web?repository_url=registry.example.com/shop/web&tag=2.0\"}", "\"status\": \"fixed\""));
      assertThat(VexSource.load(List.of(wrongTag)).forInventory(inventory(PACKAGES)).suppress(ScanFixtures.zlibFinding(), NOW))
          .isEmpty();
    }
  }

  @Nested
  class PackageProducts {
    @Test
    void aDebPurlWithTheEpochInItsVersionMatchesTheEpochQualifier() {
      assertThat(unbound("shop-web.openvex.json").suppress(ScanFixtures.zlibFinding(), NOW))
          .hasValueSatisfying(s -> assertThat(s.reason()).startsWith("vulnerable_code_not_present: the flaw is in contrib/minizip"));
    }

    @Test
    void aVersionOrQualifierThatDiffersDoesNotMatch() {
      Package otherVersion = ScanFixtures.pkg(ScanFixtures.zlib().record(),
          "pkg:deb/debian/zlib1g@1.2.13.dfsg-2?arch=amd64&distro=debian-12&epoch=1", 0, "/var/lib/dpkg/status");
      Package otherArch = ScanFixtures.pkg(ScanFixtures.zlib().record(),
          "pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=arm64&distro=debian-12&epoch=1", 0, "/var/lib/dpkg/status");
      SuppressionSource source = unbound("shop-web.openvex.json");
      assertThat(source.suppress(withPackage(ScanFixtures.zlibFinding(), otherVersion), NOW)).isEmpty();
      assertThat(source.suppress(withPackage(ScanFixtures.zlibFinding(), otherArch), NOW)).isEmpty();
    }

    @Test
    void aSubcomponentOfAPackageCountsOnlyWhenThatPackageIsInTheImage() {
      assertThat(bound("shop-web.openvex.json").suppress(ScanFixtures.snakeyamlFinding(), NOW)).isPresent();
      SuppressionSource withoutSpringBoot = unbound("shop-web.openvex.json").forInventory(
          inventory(List.of(ScanFixtures.snakeyaml())));
      assertThat(withoutSpringBoot.suppress(ScanFixtures.snakeyamlFinding(), NOW)).isEmpty();
    }

    @Test
    void underInvestigationDoesNotSuppress() {
      assertThat(bound("shop-web.openvex.json").suppress(ScanFixtures.lodashFinding(), NOW)).isEmpty();
    }

    @Test
    void anotherVulnerabilityIsNotSuppressed() {
      Finding other = new Finding(ScanFixtures.minimist(), "GHSA-vh95-rmgr-6w4m", List.of("CVE-2020-7598"),
          ScanFixtures.minimistFinding().severity(), List.of("1.2.2"), false, "Prototype Pollution in minimist",
          List.of(), "npm");
      assertThat(bound("shop-web.openvex.json").suppress(other, NOW)).isEmpty();
    }

    @Test
    void readsTheOlderFormatWithBareStrings() {
      assertThat(unbound("v0.0.1.openvex.json").suppress(ScanFixtures.zlibFinding(), NOW))
          .hasValueSatisfying(s -> assertThat(s.reason()).isEqualTo("component_not_present"));
    }
  }

  @Nested
  class Precedence {
    @Test
    void theLatestStatementWinsWhateverItsPlaceInTheFile() {
      assertThat(unbound("timeline.openvex.json").suppress(ScanFixtures.minimistFinding(), NOW)).isEmpty();
    }

    @Test
    void aStatementWithoutTimestampTakesTheDocumentsAndCanFixAnEarlierAffected() {
      assertThat(unbound("timeline.openvex.json").suppress(ScanFixtures.lodashFinding(), NOW))
          .hasValueSatisfying(s -> {
            assertThat(s.status()).isEqualTo("fixed");
            assertThat(s.reason()).isEqualTo("the storefront's lodash build carries the upstream fix for template()");
          });
    }

    @Test
    void aNewerDocumentOverridesAnOlderOne() {
      // shop-web (2026-03-02) says lodash is under investigation; timeline (2026-03-10) says fixed.
      SuppressionSource both = VexSource.load(List.of(FIXTURES.resolve("timeline.openvex.json"),
          FIXTURES.resolve("shop-web.openvex.json"))).forInventory(inventory(PACKAGES));
      assertThat(both.suppress(ScanFixtures.lodashFinding(), NOW)).hasValueSatisfying(s -> assertThat(s.status()).isEqualTo("fixed"));
      // minimist: shop-web's not_affected (2026-03-02) is newer than timeline's affected (2026-03-01).
      assertThat(both.suppress(ScanFixtures.minimistFinding(), NOW)).isPresent();
    }
  }

  @Nested
  class MalformedDocuments {
    @Test
    void eachProblemNamesTheFileAndTheField(@TempDir Path dir) throws IOException {
      String valid = Files.readString(FIXTURES.resolve("shop-web.openvex.json"));
      assertProblem(dir, "{not json", "not valid JSON");
      assertProblem(dir, "[]", "expected a JSON object");
      assertProblem(dir, valid.replace("https://openvex.dev/ns/v0.2.0", "https://cyclonedx.org/schema"), "@context");
      assertProblem(dir, valid.replace("\"timestamp\": \"2026-03-02T09:15:00.123456789+01:00\",", ""), "timestamp: missing");
      assertProblem(dir, valid.replace("2026-03-02T09:15:00.123456789+01:00", "yesterday"), "not an RFC 3339");
      assertProblem(dir, valid.replace("\"under_investigation\"", "\"maybe\""), "statements[1].status: 'maybe'");
      assertProblem(dir, valid.replace("\"vulnerable_code_not_present\"", "\"not_present\""),
          "statements[2].justification");
      assertProblem(dir, valid.replace("\"justification\": \"vulnerable_code_not_present\",", "")
          .replace("\"impact_statement\": \"the flaw is in contrib/minizip, which Debian's zlib1g does not build\"",
              "\"status_notes\": \"x\""), "needs a justification or an impact_statement");
      assertProblem(dir, valid.replace("{\"@id\": \"pkg:npm/lodash\", \"identifiers\": {\"purl\": \"pkg:npm/lodash\"}}", ""),
          "statements[1].products: names no product");
      assertProblem(dir, valid.replace("\"name\": \"CVE-2023-45853\"", "\"name\": 45853"),
          "statements[2].vulnerability.name: expected a string");
    }

    @Test
    void aMissingFileIsAnInputError(@TempDir Path dir) {
      assertThatThrownBy(() -> VexSource.load(List.of(dir.resolve("absent.json"))))
          .isInstanceOf(InputException.class).hasMessageContaining("absent.json").hasMessageContaining("no such file");
    }

    @Test
    void aDocumentPastTheSizeLimitIsRefused(@TempDir Path dir) throws IOException {
      Path big = dir.resolve("big.json");
      Files.write(big, new byte[OpenVexParser.MAX_DOCUMENT_BYTES + 1]);
      assertThatThrownBy(() -> VexSource.load(List.of(big))).isInstanceOf(InputException.class)
          .hasMessageContaining("exceeds the limit");
    }

    private void assertProblem(Path dir, String document, String message) throws IOException {
      Path file = dir.resolve("bad.json");
      Files.writeString(file, document, StandardCharsets.UTF_8);
      assertThatThrownBy(() -> VexSource.load(List.of(file))).isInstanceOf(InputException.class)
          .hasMessageContaining(file.toString()).hasMessageContaining(message);
    }
  }

  @Nested
  class Patterns {
    @Test
    void purlPatternsCompareNamesAsRegistriesDo() {
      assertThat(PurlPattern.parse("pkg:pypi/Django_Rest.Framework").orElseThrow()
          .matches("pkg:pypi/django-rest-framework@3.14.0")).isTrue();
      assertThat(PurlPattern.parse("pkg:npm/%40babel/core@7.0.0").orElseThrow().matches("pkg:npm/%40babel/core@7.0.0")).isTrue();
      assertThat(PurlPattern.parse("pkg:npm/%40babel/core@7.0.0").orElseThrow().matches("pkg:npm/%40babel/core@7.0.1")).isFalse();
      assertThat(PurlPattern.parse("pkg:npm/lodash?arch=x").orElseThrow().matches("pkg:npm/lodash@1")).isFalse();
      assertThat(PurlPattern.parse("lodash")).isEmpty();
      assertThat(PurlPattern.parse("pkg:")).isEmpty();
    }
  }

  static Path write(Path dir, String document) throws IOException {
    Path file = Files.createTempFile(dir, "vex", ".json");
    Files.writeString(file, document, StandardCharsets.UTF_8);
    return file;
  }

  static String statement(String vulnerability, String product, String status) {
    return """
        {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://vex.example.com/t", "author": "t",
         "timestamp": "2026-02-01T00:00:00Z", "version": 1,
         "statements": [{"vulnerability": {"name": "%s"}, "products": [%s], %s}]}
        """.formatted(vulnerability, product, status);
  }
}
