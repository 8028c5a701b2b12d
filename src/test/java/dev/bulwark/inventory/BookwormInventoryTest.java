package dev.bulwark.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.cli.Main;
import dev.bulwark.image.DigestMismatchException;
import dev.bulwark.image.ImageRef;
import dev.bulwark.image.ImageSource;
import dev.bulwark.image.ImageSources;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.io.Json;
import dev.bulwark.io.Limits;
import dev.bulwark.testing.DockerHarness;
import dev.bulwark.testing.RegistryHarness;
import dev.bulwark.testing.SystemFixtures;
import dev.bulwark.testing.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real Debian bookworm root filesystem, built by debootstrap and packed by umoci and skopeo:
 * whichever way it is read, the Debian packages Bulwark lists must be exactly what dpkg-query
 * reports for that root filesystem (name, version, architecture, source name and version).
 */
@Tag("system")
class BookwormInventoryTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"docker-archive:%s/bookworm.tar", "oci:%s/oci:bookworm", "oci-archive:%s/bookworm-oci.tar",
      "dir:%s/rootfs"})
  void listsExactlyWhatDpkgQueryReports(String reference) throws IOException {
    Path fixture = SystemFixtures.bookworm();
    Inventory inventory = inventory(ImageRef.parse(reference.formatted(fixture)));

    assertThat(debianPackages(inventory)).containsExactlyElementsOf(Files.readAllLines(fixture.resolve("dpkg-query.tsv")));
    assertThat(inventory.distro()).hasValueSatisfying(distro -> {
      assertThat(distro.id()).isEqualTo("debian");
      assertThat(distro.versionId()).isEqualTo("12");
    });
  }

  @Test
  void dockerImportIntoARealEngineListsTheSame(@TempDir Path temp) throws IOException {
    Path fixture = SystemFixtures.bookworm();
    try (DockerHarness docker = DockerHarness.start(temp)) {
      Tools.run(Duration.ofMinutes(5), temp, "bash", "-c",
          "tar -C '" + fixture.resolve("rootfs") + "' -c . | docker -H " + docker.dockerHost() + " import - bookworm:imported");
      Inventory inventory = inventory(ImageRef.parse("docker:bookworm:imported"),
          SourceOptions.defaults(docker.environment()));
      assertThat(debianPackages(inventory)).containsExactlyElementsOf(Files.readAllLines(fixture.resolve("dpkg-query.tsv")));
    }
  }

  @Test
  void aTlsRegistryWithBasicAuthServesTheSameAndCatchesACorruptBlob(@TempDir Path temp) throws IOException {
    Path fixture = SystemFixtures.bookworm();
    try (RegistryHarness registry = RegistryHarness.startTls(temp.resolve("registry"))) {
      registry.push("oci:" + fixture.resolve("oci") + ":bookworm", "debian/bookworm:12", false);
      Path config = temp.resolve("docker-config.json");
      String auth = Base64.getEncoder().encodeToString(
          (RegistryHarness.USER + ":" + registry.password()).getBytes(StandardCharsets.UTF_8));
      Files.writeString(config, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
      String reference = registry.host() + "/debian/bookworm:12";
      List<String> args = List.of("sbom", "--no-cache", "-f", "json", "--registry-ca", registry.caCertificate().toString(),
          "--docker-config", config.toString());

      Path report = temp.resolve("sbom.json");
      assertThat(cli(args, "-o", report.toString(), reference)).isZero();
      JsonNode sbom = Json.mapper().readTree(report.toFile());
      List<String> listed = new ArrayList<>();
      for (JsonNode p : sbom.path("packages")) {
        listed.add(String.join("\t", p.path("name").asText(), p.path("version").asText(), p.path("arch").asText(),
            p.path("source").path("name").asText(p.path("name").asText()),
            p.path("source").path("version").asText(p.path("version").asText())));
      }
      assertThat(listed.stream().sorted().toList())
          .containsExactlyElementsOf(Files.readAllLines(fixture.resolve("dpkg-query.tsv")));

      Inventory pulled = inventory(ImageRef.parse(reference), new SourceOptions(dev.bulwark.image.Platform.LINUX_AMD64,
          java.util.Set.of(), List.of(registry.caCertificate()), Optional.of(config), Map.of(), Limits.DEFAULT));
      var layer = pulled.image().layers().getFirst().blobDigest().orElseThrow();
      byte[] blob = Files.readAllBytes(registry.blobData(layer));
      blob[blob.length / 2] ^= 0x01;
      Files.write(registry.blobData(layer), blob);
      Path none = temp.resolve("none.json");
      assertThat(cli(args, "-o", none.toString(), reference)).isEqualTo(3);
      assertThat(none).doesNotExist();
      assertThatThrownBy(() -> inventory(ImageRef.parse(reference), new SourceOptions(dev.bulwark.image.Platform.LINUX_AMD64,
          java.util.Set.of(), List.of(registry.caCertificate()), Optional.of(config), Map.of(), Limits.DEFAULT)))
          .isInstanceOf(DigestMismatchException.class).hasMessageContaining(layer.toString());
    }
  }

  private static int cli(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return Main.run(all.toArray(String[]::new), Map.of());
  }

  static Inventory inventory(ImageRef ref) {
    return inventory(ref, SourceOptions.defaults(Map.of()));
  }

  static Inventory inventory(ImageRef ref, SourceOptions options) {
    InventoryService service = new InventoryService(Analyzers.all(), Optional.empty(), Limits.DEFAULT, Progress.NONE);
    try (ImageSource source = ImageSources.open(ref, options)) {
      return service.inventory(source, ref.display());
    }
  }

  /** The Debian packages as dpkg-query -W -f '${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}' prints them. */
  static List<String> debianPackages(Inventory inventory) {
    return inventory.packages().stream()
        .filter(p -> p.type() == PackageType.DEB)
        .map(p -> String.join("\t", p.name(), p.version(), p.record().arch(),
            p.record().source().map(SourcePackage::name).orElse(p.name()),
            p.record().source().map(SourcePackage::version).orElse(p.version())))
        .sorted()
        .toList();
  }
}
