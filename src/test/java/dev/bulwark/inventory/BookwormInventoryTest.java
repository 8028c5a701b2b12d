package dev.bulwark.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.image.ImageRef;
import dev.bulwark.image.ImageSource;
import dev.bulwark.image.ImageSources;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.io.Limits;
import dev.bulwark.testing.SystemFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
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

  static Inventory inventory(ImageRef ref) {
    InventoryService service = new InventoryService(Analyzers.all(), Optional.empty(), Limits.DEFAULT, Progress.NONE);
    try (ImageSource source = ImageSources.open(ref, SourceOptions.defaults(Map.of()))) {
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
