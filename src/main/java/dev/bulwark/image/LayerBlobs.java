package dev.bulwark.image;

import com.github.luben.zstd.ZstdInputStream;
import dev.bulwark.InputException;
import dev.bulwark.io.AsyncInputStream;
import dev.bulwark.io.Bounded;
import dev.bulwark.io.Limits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;

/**
 * Reads one layer blob: verify the blob digest and size while streaming, decompress (gzip, zstd or
 * none, told by magic bytes rather than by a media type that may lie), verify the diffID over the
 * uncompressed tar, hand the tar to a reader, then drain both streams so that the verdict covers
 * every byte. The reader's result is returned only when both digests matched.
 */
public final class LayerBlobs {
  private static final int BUFFER = 1 << 16;
  private static final boolean PARALLEL = Runtime.getRuntime().availableProcessors() > 1;

  private LayerBlobs() {}

  public static <R> R read(InputStream raw, Layer layer, String input, Limits limits, LayerReader<R> reader)
      throws IOException {
    String what = "layer " + layer.id() + " of " + input;
    InputStream compressed = raw;
    VerifyingInputStream blobCheck = null;
    if (layer.blob().isPresent()) {
      Descriptor blob = layer.blob().orElseThrow();
      blobCheck = new VerifyingInputStream(raw, blob.digest(), OptionalLong.of(blob.size()), Long.MAX_VALUE,
          "blob " + blob.digest() + " (" + what + ")");
      compressed = blobCheck;
    }
    BufferedInputStream buffered = new BufferedInputStream(compressed, BUFFER);
    Compression compression = Compression.detect(buffered, what);
    InputStream tar =
        switch (compression) {
          case GZIP -> new GZIPInputStream(buffered, BUFFER);
          case ZSTD -> new ZstdInputStream(buffered);
          case NONE -> buffered;
        };
    // Two threads share the work: one decompresses (or, for a plain tar, reads and hashes), the
    // other hashes the uncompressed tar and walks it. The split keeps both about equally busy.
    AsyncInputStream ahead = null;
    if (compression != Compression.NONE && PARALLEL) {
      tar = ahead = AsyncInputStream.start(tar, "bulwark-inflate");
    }
    VerifyingInputStream diffCheck = null;
    boolean diffIdIsBlobDigest =
        compression == Compression.NONE
            && layer.blob().isPresent()
            && layer.diffId().equals(layer.blob().map(Descriptor::digest));
    if (layer.diffId().isPresent() && !diffIdIsBlobDigest) {
      diffCheck = new VerifyingInputStream(tar, layer.diffId().orElseThrow(), OptionalLong.empty(),
          limits.maxLayerBytes(), "uncompressed " + what + " (diffID)");
      tar = diffCheck;
    }
    if (compression == Compression.NONE && PARALLEL) {
      tar = ahead = AsyncInputStream.start(tar, "bulwark-read");
    }
    try (InputStream stream = tar) {
      R result = reader.read(layer, new LayerContent.Tar(stream));
      Bounded.drain(stream);
      if (ahead != null) {
        ahead.awaitProducer();
      }
      if (diffCheck != null && !diffCheck.verified()) {
        throw new InputException(what + ": the uncompressed stream was not read to its end");
      }
      if (blobCheck != null) {
        Bounded.drain(buffered);
        if (!blobCheck.verified()) {
          throw new InputException(what + ": the blob was not read to its end");
        }
      }
      return result;
    } catch (IOException | RuntimeException e) {
      // A corrupt blob usually shows first as a decompression or tar error; say what is really
      // wrong when the bytes do not match their digest.
      if (ahead != null) {
        ahead.close();
        ahead.awaitProducer();
      }
      if (blobCheck != null && !blobCheck.verified()) {
        checkDigestAfterFailure(buffered, e);
      } else if (diffCheck != null && !diffCheck.verified() && ahead == null) {
        checkDigestAfterFailure(diffCheck, e);
      }
      if (e instanceof java.util.zip.ZipException || e instanceof java.io.EOFException) {
        throw new InputException(what + ": corrupt " + compression.name().toLowerCase(java.util.Locale.ROOT)
            + " stream: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  /** Reads what is left of a verifying stream: a digest mismatch there replaces {@code failure}. */
  private static void checkDigestAfterFailure(InputStream rest, Exception failure) {
    try {
      Bounded.drain(rest);
    } catch (DigestMismatchException mismatch) {
      mismatch.addSuppressed(failure);
      throw mismatch;
    } catch (IOException | RuntimeException ignored) {
      // The stream cannot be read further; the original failure stands.
    }
  }

  /** How a layer blob is compressed, by its first bytes. */
  public enum Compression {
    GZIP,
    ZSTD,
    NONE;

    static Compression detect(BufferedInputStream in, String what) throws IOException {
      in.mark(8);
      byte[] magic = in.readNBytes(6);
      in.reset();
      if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
        return GZIP;
      }
      if (magic.length >= 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
          && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
        return ZSTD;
      }
      if (magic.length >= 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z') {
        throw new InputException(what + ": xz-compressed layers are not supported");
      }
      if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
        throw new InputException(what + ": bzip2-compressed layers are not supported");
      }
      return NONE;
    }
  }
}
