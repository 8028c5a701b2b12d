package dev.bulwark.image.docker;

import com.github.luben.zstd.ZstdInputStream;
import dev.bulwark.BulwarkException;
import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.image.Digest;
import dev.bulwark.image.ImageDocuments;
import dev.bulwark.image.Layer;
import dev.bulwark.image.LayerContent;
import dev.bulwark.image.LayerReader;
import dev.bulwark.image.VerifyingInputStream;
import dev.bulwark.io.Bounded;
import dev.bulwark.io.Limits;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import dev.bulwark.io.tar.TarEntry;
import dev.bulwark.io.tar.TarReader;

/**
 * Reads a {@code docker save} tar as it streams from the engine, without staging it: each layer
 * tar goes to the reader while it is hashed, and the hash says which layer it was. Two layouts:
 *
 * <ul>
 *   <li>Docker 25 and later write an OCI layout: a layer is {@code blobs/sha256/<diffID hex>}, so
 *       its identity is known before reading, verified after, and unwanted layers are skipped.
 *   <li>Docker 24 and earlier write {@code <v1 id>/layer.tar}, where the v1 id cannot be mapped
 *       to a diffID without the whole stream. Such a layer is read with a provisional
 *       {@link Layer} (no diffID, its ordinal in the stream as index) and its result kept under
 *       the layer whose diffID it hashes to; one that hashes to no layer of the image is an error.
 * </ul>
 *
 * The config ({@code <id>.json} or {@code blobs/sha256/<id>}) is read bounded and handed on to be
 * checked against the image id. Reading stops once every wanted layer and the config were seen.
 */
final class SaveStream {
  /** A save of one image has a few entries per layer. */
  static final int MAX_ENTRIES = 100_000;
  /** Names in a save are short digests and ids; a long one is not from a Docker Engine. */
  static final int MAX_NAME_BYTES = 4096;

  private static final Pattern BLOB = Pattern.compile("blobs/sha256/([0-9a-f]{64})");
  private static final Pattern CONFIG_FILE = Pattern.compile("([0-9a-f]{64})\\.json");

  private final String input;
  private final Limits limits;
  private final Digest imageId;
  private final Set<Digest> imageDiffIds;

  SaveStream(String input, Limits limits, Digest imageId, List<Digest> imageDiffIds) {
    this.input = input;
    this.limits = limits;
    this.imageId = imageId;
    this.imageDiffIds = new LinkedHashSet<>(imageDiffIds);
  }

  /**
   * Reads {@code wanted} layers from the stream; {@code config} receives the raw config bytes when
   * they pass by. Fails when a wanted layer or the config never comes.
   */
  <R> Map<Layer, R> read(InputStream stream, List<Layer> wanted, LayerReader<R> reader, Consumer<byte[]> config)
      throws IOException {
    Map<Digest, List<Layer>> pending = new LinkedHashMap<>();
    for (Layer layer : wanted) {
      pending.computeIfAbsent(layer.diffId().orElseThrow(), d -> new ArrayList<>()).add(layer);
    }
    Map<Layer, R> results = new LinkedHashMap<>();
    boolean configSeen = false;
    int layerStreams = 0;
    TarReader tar = TarReader.streaming(stream, MAX_NAME_BYTES, MAX_ENTRIES, input + ": the engine's export");
    for (Optional<TarEntry> next = tar.next(); next.isPresent(); next = tar.next()) {
      TarEntry entry = next.orElseThrow();
      if (!entry.isFile() || entry.sparse()) {
        continue;
      }
      String name = entry.name().startsWith("./") ? entry.name().substring(2) : entry.name();
      Optional<Digest> named = namedDigest(name);
      if (named.equals(Optional.of(imageId))) {
        config.accept(Bounded.readAll(tar.data(), ImageDocuments.MAX_CONFIG_BYTES, input + ": config " + imageId));
        configSeen = true;
      } else if (named.isPresent() && imageDiffIds.contains(named.orElseThrow()) && name.startsWith("blobs/")) {
        List<Layer> layers = pending.remove(named.orElseThrow());
        if (layers != null) {
          R result = readKnown(tar.data(), entry, layers.getFirst(), reader);
          layers.forEach(layer -> results.put(layer, result));
        }
      } else if (!pending.isEmpty() && (name.endsWith("/layer.tar") || name.startsWith("blobs/"))) {
        readUnknown(tar.data(), name, layerStreams++, pending, results, reader);
      }
      if (pending.isEmpty() && configSeen) {
        return results;
      }
    }
    if (!pending.isEmpty()) {
      throw new InputException(input + ": layer " + pending.keySet().iterator().next()
          + " is missing from the daemon's export");
    }
    if (!configSeen) {
      throw new InputException(input + ": the config " + imageId + " is missing from the daemon's export "
          + "(with the containerd image store the image id is not the config's digest; "
          + "save the image and scan docker-archive:FILE)");
    }
    return results;
  }

  private static Optional<Digest> namedDigest(String name) {
    Matcher blob = BLOB.matcher(name);
    if (blob.matches()) {
      return Optional.of(new Digest("sha256", blob.group(1)));
    }
    Matcher file = CONFIG_FILE.matcher(name);
    return file.matches() ? Optional.of(new Digest("sha256", file.group(1))) : Optional.empty();
  }

  /** A layer whose diffID its name gives: read as that layer, then verified. */
  private <R> R readKnown(InputStream tar, TarEntry entry, Layer layer, LayerReader<R> reader)
      throws IOException {
    String what = "layer " + layer.id() + " of " + input;
    VerifyingInputStream verifying = new VerifyingInputStream(unclosable(tar), layer.diffId().orElseThrow(),
        OptionalLong.of(entry.size()), limits.maxLayerBytes(), what);
    R result = call(reader, layer, verifying, what);
    Bounded.drain(verifying);
    if (!verifying.verified()) {
      throw new InputException(what + ": the layer was not read to its end");
    }
    return result;
  }

  /**
   * A layer stream whose identity only its hash tells: a {@code layer.tar} of the legacy layout, or
   * a blob not named by a diffID (compressed, as the containerd image store keeps them). JSON
   * blobs (manifests, indexes) are passed over.
   */
  private <R> void readUnknown(InputStream tar, String name, int ordinal, Map<Digest, List<Layer>> pending,
      Map<Layer, R> results, LayerReader<R> reader) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(unclosable(tar), 1 << 16);
    buffered.mark(512);
    byte[] head = buffered.readNBytes(512);
    buffered.reset();
    InputStream content;
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      content = new GZIPInputStream(buffered, 1 << 16);
    } else if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
      content = new ZstdInputStream(buffered);
    } else if (head.length == 512 || head.length == 0 || name.endsWith("/layer.tar")) {
      content = buffered; // a tar (an empty layer is 1024 zero bytes; a tiny blob is no layer)
      if (name.startsWith("blobs/") && head.length > 0 && (head[0] == '{' || head[0] == '[')) {
        return; // a JSON document
      }
    } else {
      return;
    }
    HashingInputStream hashed = new HashingInputStream(content, limits.maxLayerBytes(), input + ": " + name);
    Layer provisional = new Layer(ordinal, Optional.empty(), Optional.empty());
    String what = "layer stream " + name + " of " + input;
    R result = call(reader, provisional, hashed, what);
    Bounded.drain(hashed);
    Digest diffId = hashed.digest();
    List<Layer> layers = pending.remove(diffId);
    if (layers != null) {
      layers.forEach(layer -> results.put(layer, result));
    } else if (!imageDiffIds.contains(diffId)) {
      throw new InputException(what + ": hashes to " + diffId + ", which is no layer of the image");
    }
  }

  private static <R> R call(LayerReader<R> reader, Layer layer, InputStream content, String what) throws IOException {
    try {
      return reader.read(layer, new LayerContent.Tar(unclosable(content)));
    } catch (BulwarkException e) {
      throw e;
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new InputException(what + ": corrupt or truncated: " + e.getMessage(), e);
    }
  }

  /** The shared tar stream must survive a reader closing its layer. */
  private static InputStream unclosable(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }

  /** Hashes what passes, skipped bytes too, and fails past {@code limit} bytes (a decompression bomb). */
  private static final class HashingInputStream extends FilterInputStream {
    private final MessageDigest hasher = Digest.sha256Hasher();
    private final long limit;
    private final String what;
    private long count;

    HashingInputStream(InputStream in, long limit, String what) {
      super(in);
      this.limit = limit;
      this.what = what;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        hasher.update(buffer, offset, n);
        if ((count += n) > limit) {
          throw new LimitExceededException(what, "size", limit);
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return Bounded.skipByReading(this, n);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    Digest digest() {
      return Digest.of("sha256", hasher.digest());
    }
  }
}
