package dev.bulwark.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.image.Digest;
import dev.bulwark.image.MediaTypes;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Small real images for source tests, built at test time with umoci from files of this machine: a
 * real {@code /etc/os-release} and the first stanzas of the real dpkg status database.
 */
public final class TestImages {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private TestImages() {}

  /** Tags of the layout {@link #build} makes. */
  public static final String BASE = "base";
  public static final String AMD64 = "amd64";
  public static final String ARM64 = "arm64";
  /** An index of {@link #AMD64} and {@link #ARM64} with their platforms. */
  public static final String MULTI = "multi";

  /**
   * An OCI layout in {@code layout}: {@code base} has two layers (os-release; dpkg status), the
   * per-architecture images one more layer each, so that every tag's blobs differ.
   */
  public static Path build(Path work) throws IOException {
    Tools.assumeTools("umoci", "tar");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(Path.of("/var/lib/dpkg/status"))
        && Files.isRegularFile(Path.of("/etc/os-release")), "needs a Debian-like machine for the image's files");
    Path layout = work.resolve("layout");
    Tools.run(TIMEOUT, work, "umoci", "init", "--layout", layout.toString());
    Tools.run(TIMEOUT, work, "umoci", "new", "--image", layout + ":" + BASE);
    Path etc = Files.createDirectories(work.resolve("rootfs1/etc"));
    Files.copy(Path.of("/etc/os-release"), etc.resolve("os-release"));
    Path dpkg = Files.createDirectories(work.resolve("rootfs2/var/lib/dpkg"));
    Files.writeString(dpkg.resolve("status"), dpkgStanzas(3), StandardCharsets.UTF_8);
    addLayer(work, layout, BASE, work.resolve("rootfs1"));
    addLayer(work, layout, BASE, work.resolve("rootfs2"));
    Tools.run(TIMEOUT, work, "umoci", "config", "--image", layout + ":" + BASE,
        "--config.env", "BULWARK_TEST=1", "--config.cmd", "/bin/true");
    return layout;
  }

  /** Adds the tags {@code amd64}, {@code arm64} and the index {@code multi} to a layout from {@link #build}. */
  public static void addMultiArch(Path work, Path layout) throws IOException {
    for (String arch : List.of(AMD64, ARM64)) {
      Tools.run(TIMEOUT, work, "umoci", "new", "--image", layout + ":" + arch);
      Path marker = Files.createDirectories(work.resolve("rootfs-" + arch + "/etc"));
      Files.writeString(marker.resolve("arch"), arch + "\n");
      addLayer(work, layout, arch, work.resolve("rootfs-" + arch));
      Tools.run(TIMEOUT, work, "umoci", "config", "--image", layout + ":" + arch, "--architecture", arch,
          "--os", "linux");
    }
    ObjectNode indexJson = (ObjectNode) Json.mapper().readTree(layout.resolve("index.json").toFile());
    ArrayNode entries = (ArrayNode) indexJson.get("manifests");
    ObjectNode nested = Json.mapper().createObjectNode();
    nested.put("schemaVersion", 2);
    nested.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = nested.putArray("manifests");
    List<ObjectNode> forTags = new ArrayList<>();
    entries.forEach(e -> forTags.add((ObjectNode) e));
    for (ObjectNode entry : forTags) {
      String tag = entry.path("annotations").path("org.opencontainers.image.ref.name").asText();
      if (tag.equals(AMD64) || tag.equals(ARM64)) {
        ObjectNode copy = entry.deepCopy();
        copy.remove("annotations");
        copy.putObject("platform").put("os", "linux").put("architecture", tag);
        manifests.add(copy);
      }
    }
    byte[] nestedBytes = Json.mapper().writeValueAsBytes(nested);
    Digest digest = Digest.sha256(nestedBytes);
    Files.write(layout.resolve("blobs/sha256/" + digest.hex()), nestedBytes);
    ObjectNode entry = entries.addObject();
    entry.put("mediaType", MediaTypes.OCI_INDEX);
    entry.put("digest", digest.toString());
    entry.put("size", nestedBytes.length);
    entry.putObject("annotations").put("org.opencontainers.image.ref.name", MULTI);
    Files.write(layout.resolve("index.json"), Json.mapper().writeValueAsBytes(indexJson));
  }

  /** Adds an image tagged {@code tag} whose one layer holds {@code content} at {@code /etc/marker}. */
  public static void addImage(Path work, Path layout, String tag, String content) throws IOException {
    Tools.run(TIMEOUT, work, "umoci", "new", "--image", layout + ":" + tag);
    Path dir = Files.createDirectories(work.resolve("rootfs-" + tag + "/etc"));
    Files.writeString(dir.resolve("marker"), content);
    addLayer(work, layout, tag, work.resolve("rootfs-" + tag));
  }

  /**
   * Appends {@code root}'s tree as a layer made by GNU tar. Not {@code umoci insert}: umoci 0.4.7
   * (Debian 12) ends its layer tars right after the last file's data, without padding or the
   * end-of-archive blocks; Go's tar reader accepts that, commons-compress does not.
   */
  public static void addLayer(Path work, Path layout, String tag, Path root) throws IOException {
    Path tar = Files.createTempFile(work, "layer", ".tar");
    Tools.run(TIMEOUT, work, "tar", "--numeric-owner", "--owner=0", "--group=0", "--sort=name", "--mtime=@0",
        "-C", root.toString(), "-cf", tar.toString(), ".");
    Tools.run(TIMEOUT, work, "umoci", "raw", "add-layer", "--image", layout + ":" + tag, tar.toString());
    Files.delete(tar);
  }

  /** The first {@code count} stanzas of this machine's dpkg status database. */
  static String dpkgStanzas(int count) throws IOException {
    String status = Files.readString(Path.of("/var/lib/dpkg/status"), StandardCharsets.UTF_8);
    String[] stanzas = status.split("\n\n");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(count, stanzas.length); i++) {
      out.append(stanzas[i].strip()).append("\n\n");
    }
    return out.toString();
  }
}
