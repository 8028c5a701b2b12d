package dev.bulwark.image.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.InputException;
import dev.bulwark.image.Digest;
import dev.bulwark.image.DigestMismatchException;
import dev.bulwark.image.Image;
import dev.bulwark.image.Layer;
import dev.bulwark.image.LayerContent;
import dev.bulwark.image.LayerReader;
import dev.bulwark.image.SourceOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The save-stream reading against a fake engine. The streams are made here because this machine's
 * dockerd (20.10) writes only the legacy layout; Docker 25's OCI layout has no other source.
 */
class DockerDaemonSourceTest {
  private static final String NAME = "fake/img:1";

  @TempDir Path dir;
  private FakeEngine engine;

  // Two layers and a config, as an engine holds them.
  private final byte[] layer1 = tar("etc/a", "first\n");
  private final byte[] layer2 = tar("etc/b", "second\n");
  private final Digest diff1 = Digest.sha256(layer1);
  private final Digest diff2 = Digest.sha256(layer2);
  private final byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"A=1\"]},"
      + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diff1 + "\",\"" + diff2 + "\"]},"
      + "\"history\":[{\"created_by\":\"one\"},{\"created_by\":\"two\"}]}").getBytes(StandardCharsets.UTF_8);
  private final Digest id = Digest.sha256(config);
  private final byte[] inspect = ("{\"Id\":\"" + id + "\",\"RepoTags\":[\"" + NAME + "\"],\"RepoDigests\":[],"
      + "\"Os\":\"linux\",\"Architecture\":\"amd64\",\"Config\":{\"Env\":[\"A=1\"],\"Labels\":null},"
      + "\"RootFS\":{\"Type\":\"layers\",\"Layers\":[\"" + diff1 + "\",\"" + diff2 + "\"]}}")
      .getBytes(StandardCharsets.UTF_8);

  @AfterEach
  void stop() throws IOException {
    if (engine != null) {
      engine.close();
    }
  }

  private static byte[] tar(Object... namesAndContents) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        byte[] content = namesAndContents[i + 1] instanceof byte[] b ? b
            : namesAndContents[i + 1].toString().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(namesAndContents[i].toString());
        entry.setSize(content.length);
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** {@code docker save} of Docker 24 and earlier: v1 directories in id order, layer 2 before layer 1. */
  private byte[] legacySave(byte[] configBytes, byte[] first, byte[] second) {
    return tar(
        "0b1e/VERSION", "1.0", "0b1e/json", "{\"id\":\"0b1e\"}", "0b1e/layer.tar", second,
        id.hex() + ".json", configBytes,
        "9a3f/VERSION", "1.0", "9a3f/json", "{\"id\":\"9a3f\"}", "9a3f/layer.tar", first,
        "manifest.json", "[{\"Config\":\"" + id.hex() + ".json\",\"Layers\":[\"9a3f/layer.tar\",\"0b1e/layer.tar\"]}]",
        "repositories", "{}");
  }

  /** {@code docker save} of Docker 25 and later: an OCI layout whose layer blobs are named by diffID. */
  private byte[] ociSave() {
    String manifest = "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + id + "\"}}";
    return tar(
        "blobs/sha256/" + diff2.hex(), layer2,
        "blobs/sha256/" + Digest.sha256(manifest.getBytes()).hex(), manifest,
        "blobs/sha256/" + id.hex(), config,
        "blobs/sha256/" + diff1.hex(), layer1,
        "index.json", "{}", "manifest.json", "[]", "oci-layout", "{}");
  }

  private DockerDaemonSource source(byte[] save) throws IOException {
    Path socket = dir.resolve("engine.sock");
    engine = new FakeEngine(socket, path -> {
      if (path.equals("/_ping")) {
        return FakeEngine.response(200, "OK".getBytes(), false);
      }
      if (path.equals("/v1.43/images/" + NAME + "/json")) {
        return FakeEngine.response(200, inspect, true);
      }
      if (path.equals("/v1.43/images/" + id + "/get")) {
        return FakeEngine.response(200, save, true);
      }
      return FakeEngine.response(404, "{\"message\":\"No such image: x\"}".getBytes(), false);
    });
    return new DockerDaemonSource(NAME, SourceOptions.defaults(Map.of("DOCKER_HOST", "unix://" + socket)));
  }

  /** Lists names and records the layers it was handed. */
  private static final class Listing implements LayerReader<List<String>> {
    final List<Layer> seen = Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<String> read(Layer layer, LayerContent content) throws IOException {
      seen.add(layer);
      List<String> names = new ArrayList<>();
      try (InputStream stream = ((LayerContent.Tar) content).stream()) {
        TarArchiveInputStream tar = new TarArchiveInputStream(stream);
        for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
          names.add(entry.getName());
        }
      }
      return names;
    }
  }

  @Nested
  class LegacyLayout {
    @Test
    void matchesEachLayerStreamToItsLayerByHash() throws IOException {
      try (DockerDaemonSource source = source(legacySave(config, layer1, layer2))) {
        Image image = source.image();
        Listing reader = new Listing();
        Map<Layer, List<String>> read = source.readLayers(image.layers(), reader);
        assertThat(read.get(image.layers().get(0))).containsExactly("etc/a");
        assertThat(read.get(image.layers().get(1))).containsExactly("etc/b");
        // the stream names no diffID, so the reader was handed provisional layers
        assertThat(reader.seen).allSatisfy(layer -> assertThat(layer.diffId()).isEmpty());
      }
    }

    @Test
    void theConfigFromTheStreamReplacesTheInspectOne() throws IOException {
      try (DockerDaemonSource source = source(legacySave(config, layer1, layer2))) {
        Image before = source.image();
        assertThat(before.rawConfig()).isEmpty();
        assertThat(before.config().history()).isEmpty();
        assertThat(before.config().env()).containsExactly("A=1");
        assertThat(before.configDigest()).contains(id);
        source.readLayers(List.of(before.layers().get(1)), new Listing());
        Image after = source.image();
        assertThat(after.rawConfig()).isEqualTo(config);
        assertThat(after.config().history()).hasSize(2);
        assertThat(after.layers()).isEqualTo(before.layers());
      }
    }

    @Test
    void aLayerStreamOfAnotherImageIsAnError() throws IOException {
      try (DockerDaemonSource source = source(legacySave(config, layer1, tar("etc/evil", "x")))) {
        assertThatThrownBy(() -> source.readLayers(source.image().layers(), new Listing()))
            .isInstanceOf(InputException.class)
            .hasMessageContaining("0b1e/layer.tar")
            .hasMessageContaining("which is no layer of the image");
      }
    }

    @Test
    void aConfigThatDoesNotHashToTheIdIsADigestMismatch() throws IOException {
      byte[] tampered = new String(config, StandardCharsets.UTF_8).replace("A=1", "A=2").getBytes();
      try (DockerDaemonSource source = source(legacySave(tampered, layer1, layer2))) {
        assertThatThrownBy(() -> source.readLayers(source.image().layers(), new Listing()))
            .isInstanceOf(DigestMismatchException.class)
            .hasMessageContaining("docker:" + NAME + ": config");
      }
    }
  }

  @Nested
  class OciLayout {
    @Test
    void handsTheRealLayerAndSkipsUnwantedOnes() throws IOException {
      try (DockerDaemonSource source = source(ociSave())) {
        Layer first = source.image().layers().getFirst();
        Listing reader = new Listing();
        Map<Layer, List<String>> read = source.readLayers(List.of(first), reader);
        assertThat(read).containsOnlyKeys(first);
        assertThat(read.get(first)).containsExactly("etc/a");
        assertThat(reader.seen).containsExactly(first);
        assertThat(source.image().rawConfig()).isEqualTo(config);
      }
    }
  }

  @Nested
  class Export {
    @Test
    void noLayersWantedMeansNoExport() throws IOException {
      try (DockerDaemonSource source = source(ociSave())) {
        source.image();
        assertThat(source.readLayers(List.of(), new Listing())).isEmpty();
        assertThat(engine.requests).containsExactly("/_ping", "/v1.43/images/" + NAME + "/json");
      }
    }

    @Test
    void exportsByIdNotByName() throws IOException {
      try (DockerDaemonSource source = source(ociSave())) {
        source.readLayers(source.image().layers(), new Listing());
        assertThat(engine.requests).last().isEqualTo("/v1.43/images/" + id + "/get");
      }
    }

    @Test
    void aLayerTheExportLacksIsNamed() throws IOException {
      byte[] withoutLayer1 = tar("blobs/sha256/" + id.hex(), config, "blobs/sha256/" + diff2.hex(), layer2);
      try (DockerDaemonSource source = source(withoutLayer1)) {
        assertThatThrownBy(() -> source.readLayers(source.image().layers(), new Listing()))
            .isInstanceOf(InputException.class)
            .hasMessageContaining("layer " + diff1 + " is missing from the daemon's export");
      }
    }

    @Test
    void anEngineThatHangsIsDroppedAfterTheIdleTimeout() throws IOException {
      Path socket = dir.resolve("engine.sock");
      engine = new FakeEngine(socket, path -> path.equals("/_ping") ? FakeEngine.response(200, "OK".getBytes(), false)
          : null);
      DockerEngineClient client = new DockerEngineClient(new DockerHost.Unix(socket), java.time.Duration.ofMillis(200));
      try (DockerDaemonSource source = new DockerDaemonSource(NAME, SourceOptions.defaults(Map.of()), client)) {
        assertThatThrownBy(source::image)
            .isInstanceOf(InputException.class)
            .hasMessageContaining("the engine sent nothing for 200 ms");
      }
    }

    @Test
    void anUnknownImageNamesTheEngine() throws IOException {
      Path socket = dir.resolve("engine.sock");
      engine = new FakeEngine(socket, path -> path.equals("/_ping")
          ? FakeEngine.response(200, "OK".getBytes(), false)
          : FakeEngine.response(404, "{\"message\":\"No such image: other:2\"}".getBytes(), false));
      try (DockerDaemonSource source = new DockerDaemonSource("other:2",
          SourceOptions.defaults(Map.of("DOCKER_HOST", "unix://" + socket)))) {
        assertThatThrownBy(source::image)
            .isInstanceOf(InputException.class)
            .hasMessageContaining("the Docker Engine at unix://" + socket)
            .hasMessageContaining("no such image")
            .hasMessageContaining("No such image: other:2");
      }
    }
  }
}
