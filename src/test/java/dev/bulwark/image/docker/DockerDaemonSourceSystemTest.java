package dev.bulwark.image.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.image.Image;
import dev.bulwark.image.Layer;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.image.archive.DockerArchiveSource;
import dev.bulwark.image.archive.TarArchiveFiles;
import dev.bulwark.testing.DockerHarness;
import dev.bulwark.testing.LayerListing;
import dev.bulwark.testing.TestImages;
import dev.bulwark.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads an image loaded into a private dockerd and compares it with the archive it was loaded from. */
@Tag("system")
class DockerDaemonSourceSystemTest {
  private static final String NAME = "bulwark/test:1";
  private static DockerHarness engine;
  private static Path archive;

  @BeforeAll
  static void setUp(@TempDir Path dir) throws IOException {
    Tools.assumeTools("umoci", "skopeo", "dockerd", "docker");
    Tools.assumeRoot();
    Path layout = TestImages.build(dir);
    archive = dir.resolve("image.tar");
    Tools.run(java.time.Duration.ofMinutes(2), dir, "skopeo", "--insecure-policy", "copy", "--quiet",
        "oci:" + layout + ":" + TestImages.BASE, "docker-archive:" + archive + ":" + NAME);
    engine = DockerHarness.start(Path.of("/tmp").resolve("bulwark-dockerd-" + ProcessHandle.current().pid()));
    System.out.println("docker harness started in " + engine.startupTime().toMillis() + " ms");
    engine.docker("load", "-i", archive.toString());
  }

  @AfterAll
  static void tearDown() {
    if (engine != null) {
      engine.close();
    }
  }

  private static DockerDaemonSource source(String name) {
    return new DockerDaemonSource(name, SourceOptions.defaults(engine.environment()));
  }

  private static DockerArchiveSource archiveSource() {
    return new DockerArchiveSource(new TarArchiveFiles(archive), "docker-archive:" + archive,
        SourceOptions.defaults(Map.of()));
  }

  @Test
  void readsTheSameLayersAsTheArchiveTheImageWasLoadedFrom() {
    try (DockerDaemonSource daemon = source(NAME); DockerArchiveSource saved = archiveSource()) {
      Image fromDaemon = daemon.image();
      Image fromArchive = saved.image();
      assertThat(fromDaemon.configDigest()).isEqualTo(fromArchive.configDigest());
      assertThat(fromDaemon.config().diffIds()).isEqualTo(fromArchive.config().diffIds()).hasSize(2);
      assertThat(fromDaemon.repoTags()).containsExactly(NAME);
      assertThat(fromDaemon.config().env()).contains("BULWARK_TEST=1");
      assertThat(fromDaemon.rawConfig()).isEmpty(); // inspect has no config bytes

      Map<Layer, List<String>> daemonLayers = daemon.readLayers(fromDaemon.layers(), new LayerListing());
      Map<Layer, List<String>> archiveLayers = saved.readLayers(fromArchive.layers(), new LayerListing());
      for (int i = 0; i < fromDaemon.layers().size(); i++) {
        assertThat(daemonLayers.get(fromDaemon.layers().get(i)))
            .isNotEmpty()
            .isEqualTo(archiveLayers.get(fromArchive.layers().get(i)));
      }
      assertThat(daemon.image().rawConfig()).isEqualTo(fromArchive.rawConfig());
      assertThat(daemon.image().config()).isEqualTo(fromArchive.config());
    }
  }

  @Test
  void theSourceFactoryOpensADockerReference() {
    try (dev.bulwark.image.ImageSource source = dev.bulwark.image.ImageSources.open(
        dev.bulwark.image.ImageRef.parse("docker:" + NAME), SourceOptions.defaults(engine.environment()))) {
      assertThat(source).isInstanceOf(DockerDaemonSource.class);
      assertThat(source.image().repoTags()).containsExactly(NAME);
    }
  }

  @Test
  void readsOneLayerOnItsOwn() {
    try (DockerDaemonSource daemon = source(NAME)) {
      Layer top = daemon.image().layers().get(1);
      Map<Layer, List<String>> read = daemon.readLayers(List.of(top), new LayerListing());
      assertThat(read).containsOnlyKeys(top);
      assertThat(read.get(top)).anyMatch(line -> line.startsWith("./var/lib/dpkg/status "));
    }
  }

  @Test
  void findsTheImageByItsId() {
    String id;
    try (DockerDaemonSource byName = source(NAME)) {
      id = byName.image().configDigest().orElseThrow().toString();
    }
    try (DockerDaemonSource byId = source(id)) {
      assertThat(byId.image().configDigest().orElseThrow()).hasToString(id);
    }
  }

  @Test
  void anUnknownImageIsAClearError() {
    try (DockerDaemonSource daemon = source("bulwark/absent:1")) {
      assertThatThrownBy(daemon::image)
          .isInstanceOf(InputException.class)
          .hasMessageContaining("no such image")
          .hasMessageContaining("bulwark/absent:1")
          .hasMessageContaining(engine.dockerHost());
    }
  }

  @Test
  void anEngineThatIsNotThereIsAClearError(@TempDir Path dir) {
    SourceOptions options = SourceOptions.defaults(Map.of("DOCKER_HOST", "unix://" + dir.resolve("none.sock")));
    try (DockerDaemonSource daemon = new DockerDaemonSource(NAME, options)) {
      assertThatThrownBy(daemon::image)
          .isInstanceOf(InputException.class)
          .hasMessageContaining("cannot connect to the Docker Engine at unix://" + dir.resolve("none.sock"));
    }
  }
}
