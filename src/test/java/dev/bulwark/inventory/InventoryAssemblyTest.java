package dev.bulwark.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.image.Digest;
import dev.bulwark.image.Image;
import dev.bulwark.image.ImageConfig;
import dev.bulwark.image.ImageSource;
import dev.bulwark.image.Layer;
import dev.bulwark.image.LayerContent;
import dev.bulwark.image.LayerReader;
import dev.bulwark.io.Limits;
import dev.bulwark.testing.Tars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * How facts from several layers and files become one inventory: which layer introduced each
 * package, which files an OS package owns, which facts a later layer hid.
 */
class InventoryAssemblyTest {
  private static final String OS_RELEASE = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
      + "VERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n";

  private static String stanza(String name, String version, String source) {
    return "Package: " + name + "\nStatus: install ok installed\nArchitecture: amd64\n"
        + (source.isEmpty() ? "" : "Source: " + source + "\n") + "Version: " + version + "\nDescription: x\n\n";
  }

  /** An image whose layers are in-memory tars, read through the real scanner and assembler. */
  private static Inventory inventory(byte[]... layers) {
    List<Layer> list = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      list.add(new Layer(i, Optional.of(Digest.sha256(layers[i])), Optional.empty()));
    }
    ImageSource source = new ImageSource() {
      @Override
      public Image image() {
        return new Image("test", Optional.empty(), Optional.empty(), ImageConfig.empty(), new byte[0], list, List.of(), List.of());
      }

      @Override
      public <R> Map<Layer, R> readLayers(List<Layer> wanted, LayerReader<R> reader) {
        Map<Layer, R> results = new LinkedHashMap<>();
        for (Layer layer : wanted) {
          try {
            results.put(layer, reader.read(layer, new LayerContent.Tar(new ByteArrayInputStream(layers[layer.index()]))));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        return results;
      }

      @Override
      public void close() {}
    };
    return new InventoryService(Analyzers.all(), Optional.empty(), Limits.DEFAULT, Progress.NONE).inventory(source, "test");
  }

  private static Package named(Inventory inventory, String name) {
    return inventory.packages().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  @Nested
  class LayerAttribution {
    @Test
    void aPackageBelongsToTheLayerThatFirstRecordedItNotTheOneThatLastRewroteTheDatabase() {
      Inventory inventory = inventory(
          new Tars().file("etc/os-release", OS_RELEASE)
              .file("var/lib/dpkg/status", stanza("libc6", "2.36-9", "glibc")).build(),
          new Tars().file("var/lib/dpkg/status", stanza("libc6", "2.36-9", "glibc") + stanza("curl", "7.88.1-10", "")).build(),
          new Tars().file("var/lib/dpkg/status",
              stanza("libc6", "2.36-9+deb12u4", "glibc") + stanza("curl", "7.88.1-10", "")).build());
      assertThat(named(inventory, "curl").layer()).isEqualTo(1);
      assertThat(named(inventory, "libc6").layer()).as("upgraded in layer 2").isEqualTo(2);
      assertThat(named(inventory, "libc6").purl()).isEqualTo("pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12");
    }

    @Test
    void aLayerThatDoesNotTouchTheDatabaseDoesNotBreakTheChain() {
      Inventory inventory = inventory(
          new Tars().file("var/lib/dpkg/status", stanza("bash", "5.2.15-2", "")).build(),
          new Tars().file("app/readme", "no packages here").build(),
          new Tars().file("var/lib/dpkg/status", stanza("bash", "5.2.15-2", "") + stanza("zlib1g", "1:1.2.13.dfsg-1", "zlib")).build());
      assertThat(named(inventory, "bash").layer()).isZero();
      assertThat(named(inventory, "zlib1g").layer()).isEqualTo(2);
    }
  }

  @Nested
  class Visibility {
    @Test
    void packagesOfDeletedFilesAreGone() {
      Inventory inventory = inventory(
          new Tars().file("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.15\"}")
              .file("app/node_modules/minimist/package.json", "{\"name\":\"minimist\",\"version\":\"1.2.5\"}").build(),
          new Tars().file("app/node_modules/.wh.lodash", "").build());
      assertThat(inventory.packages()).extracting(Package::name).containsExactly("minimist");
    }

    @Test
    void theDistributionIsReadThroughASymlinkToALowerLayer() {
      Inventory inventory = inventory(
          new Tars().file("usr/lib/os-release", OS_RELEASE).build(),
          new Tars().dir("etc").symlink("etc/os-release", "../usr/lib/os-release").build());
      assertThat(inventory.distro()).hasValueSatisfying(d -> assertThat(d.versionId()).isEqualTo("12"));
    }
  }

  @Nested
  class Ownership {
    @Test
    void aLanguagePackageInstalledByDpkgIsOwnedThroughAMergedUsrSymlink() {
      String metadata = "Metadata-Version: 2.1\nName: urllib3\nVersion: 1.26.12\n";
      Inventory inventory = inventory(
          new Tars().file("etc/os-release", OS_RELEASE)
              .dir("usr/lib/python3/dist-packages")
              .symlink("lib", "usr/lib")
              .file("usr/lib/python3/dist-packages/urllib3-1.26.12.dist-info/METADATA", metadata)
              .file("opt/venv/lib/python3.11/site-packages/urllib3-1.26.12.dist-info/METADATA", metadata)
              .file("var/lib/dpkg/status", stanza("python3-urllib3", "1.26.12-1", "python-urllib3"))
              // dpkg records the path through /lib, as an unmerged package would
              .file("var/lib/dpkg/info/python3-urllib3.list",
                  "/.\n/lib/python3/dist-packages/urllib3-1.26.12.dist-info/METADATA\n").build());
      List<Package> urllib3 = inventory.packages().stream().filter(p -> p.name().equals("urllib3")).toList();
      assertThat(urllib3).hasSize(2);
      assertThat(urllib3).filteredOn(p -> p.locations().getFirst().startsWith("/usr"))
          .singleElement().satisfies(p -> assertThat(p.ownedBy()).hasValueSatisfying(o -> assertThat(o).startsWith("pkg:deb/debian/python3-urllib3@")));
      assertThat(urllib3).filteredOn(p -> p.locations().getFirst().startsWith("/opt"))
          .singleElement().satisfies(p -> assertThat(p.ownedBy()).isEmpty());
    }
  }

  @Nested
  class LockFiles {
    @Test
    void lockEntriesFoundInstalledAreReportedOnceAndOnlyDeclaredOnesStay() {
      String lock = "{\"name\":\"web\",\"lockfileVersion\":3,\"packages\":{\"\":{\"name\":\"web\"},"
          + "\"node_modules/lodash\":{\"version\":\"4.17.15\"},\"node_modules/left-pad\":{\"version\":\"1.3.0\"}}}";
      Inventory inventory = inventory(new Tars()
          .file("srv/web/package-lock.json", lock)
          .file("srv/web/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.15\"}").build());
      assertThat(inventory.packages()).extracting(p -> p.name() + "@" + p.foundBy())
          .containsExactlyInAnyOrder("lodash@npm-package", "left-pad@npm-lock");
    }
  }
}
