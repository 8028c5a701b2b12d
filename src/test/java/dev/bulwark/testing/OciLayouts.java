package dev.bulwark.testing;

import dev.bulwark.image.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes OCI image layouts by hand, for cases real tools will not produce (corrupt blobs, lying
 * configs, odd indexes). Real layouts for the main tests come from umoci and skopeo.
 */
public final class OciLayouts {
  private final Path dir;
  private final List<String> indexEntries = new ArrayList<>();

  public OciLayouts(Path dir) {
    this.dir = dir;
    write("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
  }

  /** Stores a blob and returns its digest. */
  public Digest blob(byte[] content) {
    Digest digest = Digest.sha256(content);
    write("blobs/sha256/" + digest.hex(), content);
    return digest;
  }

  /** Stores an image of gzip layers made from {@code tars}; returns the manifest descriptor JSON. */
  public String image(List<byte[]> tars, String architecture) {
    StringBuilder diffIds = new StringBuilder();
    StringBuilder layers = new StringBuilder();
    for (byte[] tar : tars) {
      byte[] gzip = Tars.gzip(tar);
      Digest blob = blob(gzip);
      diffIds.append(diffIds.isEmpty() ? "" : ",").append('"').append(Digest.sha256(tar)).append('"');
      layers.append(layers.isEmpty() ? "" : ",").append(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", blob, gzip.length));
    }
    byte[] config = ("{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"config\":{\"User\":\"1000\"},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]},"
        + "\"history\":[{\"created_by\":\"hand-made\"}]}").getBytes(StandardCharsets.UTF_8);
    Digest configDigest = blob(config);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
        + descriptor("application/vnd.oci.image.config.v1+json", configDigest, config.length)
        + ",\"layers\":[" + layers + "]}").getBytes(StandardCharsets.UTF_8);
    return descriptor("application/vnd.oci.image.manifest.v1+json", blob(manifest), manifest.length);
  }

  /** Adds an index.json entry: a descriptor, optionally with a ref name and platform. */
  public OciLayouts tag(String descriptor, String refName, String platform) {
    String entry = descriptor.substring(0, descriptor.length() - 1);
    if (refName != null) {
      entry += ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + refName + "\"}";
    }
    if (platform != null) {
      String[] parts = platform.split("/");
      entry += ",\"platform\":{\"os\":\"" + parts[0] + "\",\"architecture\":\"" + parts[1] + "\"}";
    }
    indexEntries.add(entry + "}");
    write("index.json", ("{\"schemaVersion\":2,\"manifests\":[" + String.join(",", indexEntries) + "]}")
        .getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public Path dir() {
    return dir;
  }

  public static String descriptor(String mediaType, Digest digest, long size) {
    return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
  }

  private void write(String name, byte[] content) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
