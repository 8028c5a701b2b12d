package dev.bulwark.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.io.Bounded;
import dev.bulwark.testing.OciLayouts;
import dev.bulwark.testing.Tars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveSourcesTest {
  @TempDir Path temp;

  private static final byte[] BASE = new Tars().dir("etc").file("etc/os-release", "ID=test\n").build();
  private static final byte[] APP = new Tars().file("app.txt", "app").build();

  private static Map<Layer, Long> sizes(ImageSource source) {
    return source.readLayers(source.image().layers(),
        (layer, content) -> Bounded.drain(((LayerContent.Tar) content).stream()));
  }

  private ImageSource open(String reference) {
    return ImageSources.open(ImageRef.parse(reference), SourceOptions.defaults(Map.of()));
  }

  @Nested
  class OciLayout {
    @Test
    void readsAnImageByTag() {
      OciLayouts layout = new OciLayouts(temp);
      layout.tag(layout.image(List.of(BASE, APP), "amd64"), "v1", null);
      try (ImageSource source = open("oci:" + temp + ":v1")) {
        Image image = source.image();
        assertThat(image.layers()).hasSize(2);
        assertThat(image.config().user()).contains("1000");
        assertThat(image.repoTags()).containsExactly("v1");
        assertThat(sizes(source).values()).containsExactlyInAnyOrder((long) BASE.length, (long) APP.length);
      }
    }

    @Test
    void picksThePlatformFromAnIndexOfImages() {
      OciLayouts layout = new OciLayouts(temp);
      layout.tag(layout.image(List.of(APP), "arm64"), null, "linux/arm64");
      layout.tag(layout.image(List.of(BASE), "amd64"), null, "linux/amd64");
      try (ImageSource source = open("oci:" + temp)) {
        assertThat(source.image().config().architecture()).isEqualTo("amd64");
      }
      try (ImageSource source = ImageSources.open(ImageRef.parse("oci:" + temp),
          SourceOptions.defaults(Map.of()).withPlatform(Platform.parse("linux/s390x")))) {
        assertThatThrownBy(source::image).isInstanceOf(InputException.class)
            .hasMessageContaining("no image for platform linux/s390x")
            .hasMessageContaining("linux/arm64");
      }
    }

    @Test
    void anUnknownTagListsTheKnownOnes() {
      OciLayouts layout = new OciLayouts(temp);
      layout.tag(layout.image(List.of(BASE), "amd64"), "stable", null);
      try (ImageSource source = open("oci:" + temp + ":nightly")) {
        assertThatThrownBy(source::image).hasMessageContaining("no image tagged 'nightly'").hasMessageContaining("stable");
      }
    }

    @Test
    void aTamperedConfigIsADigestMismatch() throws IOException {
      OciLayouts layout = new OciLayouts(temp);
      layout.tag(layout.image(List.of(BASE), "amd64"), "v1", null);
      try (var blobs = Files.list(temp.resolve("blobs/sha256"))) {
        for (Path blob : blobs.toList()) {
          String text = new String(Files.readAllBytes(blob), java.nio.charset.StandardCharsets.ISO_8859_1);
          if (text.contains("\"User\":\"1000\"")) {
            Files.writeString(blob, text.replace("\"User\":\"1000\"", "\"User\":\"0000\""));
          }
        }
      }
      try (ImageSource source = open("oci:" + temp + ":v1")) {
        assertThatThrownBy(source::image).isInstanceOf(DigestMismatchException.class);
      }
    }

    @Test
    void aMissingLayerBlobIsNamed() throws IOException {
      OciLayouts layout = new OciLayouts(temp);
      layout.tag(layout.image(List.of(APP), "amd64"), "v1", null);
      try (ImageSource source = open("oci:" + temp + ":v1")) {
        Layer layer = source.image().layers().getFirst();
        Files.delete(temp.resolve("blobs/sha256/" + layer.blob().orElseThrow().digest().hex()));
        assertThatThrownBy(() -> sizes(source)).isInstanceOf(InputException.class)
            .hasMessageContaining("missing").hasMessageContaining(layer.diffId().orElseThrow().toString());
      }
    }

    @Test
    void aDirectoryWithoutTheLayoutMarkerIsRefused() throws IOException {
      Files.createDirectories(temp.resolve("empty"));
      try (ImageSource source = open("oci:" + temp.resolve("empty"))) {
        assertThatThrownBy(source::image).hasMessageContaining("not an OCI image layout");
      }
    }
  }

  @Nested
  class DockerArchive {
    @Test
    void refusesAnOciArchivePassedAsDockerArchive() throws IOException {
      OciLayouts layout = new OciLayouts(temp.resolve("layout"));
      layout.tag(layout.image(List.of(BASE), "amd64"), "v1", null);
      Path archive = temp.resolve("oci.tar");
      Tars tars = new Tars();
      try (var files = Files.walk(layout.dir())) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          tars.file(layout.dir().relativize(file).toString(), Files.readAllBytes(file), 0644);
        }
      }
      Files.write(archive, tars.build());
      try (ImageSource source = open("docker-archive:" + archive)) {
        assertThatThrownBy(source::image).hasMessageContaining("use oci-archive:");
      }
      try (ImageSource source = open("oci-archive:" + archive)) {
        assertThat(sizes(source).values()).containsExactly((long) BASE.length);
      }
    }

    @Test
    void aLayerThatDoesNotHashToItsDiffIdFails() throws IOException {
      Digest claimed = Digest.sha256(BASE);
      String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + claimed + "\"]}}";
      Digest configDigest = Digest.sha256(config.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      byte[] archive = new Tars()
          .file("manifest.json", "[{\"Config\":\"" + configDigest.hex() + ".json\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"l/layer.tar\"]}]")
          .file(configDigest.hex() + ".json", config)
          .file("l/layer.tar", APP, 0644)
          .build();
      Path file = temp.resolve("docker.tar");
      Files.write(file, archive);
      try (ImageSource source = open("docker-archive:" + file)) {
        assertThat(source.image().repoTags()).containsExactly("x:1");
        assertThatThrownBy(() -> sizes(source)).isInstanceOf(DigestMismatchException.class)
            .hasMessageContaining(claimed.toString());
      }
    }

    @Test
    void aMissingFileIsAnInputError() {
      assertThatThrownBy(() -> open("docker-archive:" + temp.resolve("nope.tar")))
          .isInstanceOf(InputException.class).hasMessageContaining("no such file");
    }
  }
}
