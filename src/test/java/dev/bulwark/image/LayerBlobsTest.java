package dev.bulwark.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import dev.bulwark.InputException;
import dev.bulwark.io.Bounded;
import dev.bulwark.io.Limits;
import dev.bulwark.testing.Tars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LayerBlobsTest {
  private static final byte[] TAR = new Tars().file("etc/hello", "hello world").build();
  private static final LayerReader<Integer> LENGTH = (layer, content) ->
      (int) Bounded.drain(((LayerContent.Tar) content).stream());

  private static Layer layer(byte[] blob, byte[] tar, String mediaType) {
    return new Layer(0, Optional.of(Digest.sha256(tar)),
        Optional.of(new Descriptor(mediaType, Digest.sha256(blob), blob.length, Optional.empty(), Map.of())));
  }

  private static int read(byte[] blob, Layer layer) throws IOException {
    return LayerBlobs.read(new ByteArrayInputStream(blob), layer, "test", Limits.DEFAULT, LENGTH);
  }

  @Nested
  class Decompression {
    @Test
    void readsGzipZstdAndPlainByMagicNotMediaType() throws IOException {
      byte[] gzip = Tars.gzip(TAR);
      byte[] zstd = Zstd.compress(TAR);
      // media types deliberately wrong: the bytes decide
      assertThat(read(gzip, layer(gzip, TAR, "application/vnd.oci.image.layer.v1.tar"))).isEqualTo(TAR.length);
      assertThat(read(zstd, layer(zstd, TAR, "application/vnd.oci.image.layer.v1.tar+gzip"))).isEqualTo(TAR.length);
      assertThat(read(TAR, layer(TAR, TAR, "application/vnd.oci.image.layer.v1.tar+zstd"))).isEqualTo(TAR.length);
    }
  }

  @Nested
  class Verification {
    @Test
    void aTamperedBlobFailsNamingItsDigest() {
      byte[] gzip = Tars.gzip(TAR);
      Layer expected = layer(gzip, TAR, "");
      byte[] tampered = Tars.gzip(new Tars().file("etc/hello", "HELLO WORLD").build());
      Layer lying = new Layer(0, expected.diffId(), Optional.of(Descriptor.of("", expected.blob().orElseThrow().digest(), tampered.length)));
      assertThatThrownBy(() -> read(tampered, lying))
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining(expected.blob().orElseThrow().digest().toString());
    }

    @Test
    void aWrongDiffIdFailsEvenWhenTheBlobMatches() {
      byte[] gzip = Tars.gzip(TAR);
      Layer wrongDiffId = new Layer(0, Optional.of(Digest.sha256(new byte[] {1})), layer(gzip, TAR, "").blob());
      assertThatThrownBy(() -> read(gzip, wrongDiffId)).isInstanceOf(DigestMismatchException.class)
          .hasMessageContaining("diffID");
    }

    @Test
    void aBlobLongerOrShorterThanDeclaredFails() {
      Layer declared = layer(TAR, TAR, "");
      byte[] longer = Arrays.copyOf(TAR, TAR.length + 512);
      assertThatThrownBy(() -> read(longer, declared)).isInstanceOf(InputException.class).hasMessageContaining("longer than");
      byte[] shorter = Arrays.copyOf(TAR, TAR.length - 512);
      assertThatThrownBy(() -> read(shorter, declared)).isInstanceOf(InputException.class);
    }

    @Test
    void theReaderMayStopEarlyAndTheRestIsStillVerified() throws IOException {
      byte[] gzip = Tars.gzip(TAR);
      LayerReader<String> lazy = (layer, content) -> "read nothing";
      assertThat(LayerBlobs.read(new ByteArrayInputStream(gzip), layer(gzip, TAR, ""), "t", Limits.DEFAULT, lazy))
          .isEqualTo("read nothing");
      byte[] corrupt = gzip.clone();
      corrupt[corrupt.length - 12] ^= 1;
      assertThatThrownBy(() -> LayerBlobs.read(new ByteArrayInputStream(corrupt), layer(gzip, TAR, ""), "t", Limits.DEFAULT, lazy))
          .isInstanceOf(InputException.class);
    }

    @Test
    void aDecompressionBombStopsAtTheLayerLimit() {
      byte[] big = new byte[4 << 20];
      byte[] gzip = Tars.gzip(big);
      Layer bomb = new Layer(0, Optional.of(Digest.sha256(big)), Optional.of(Descriptor.of("", Digest.sha256(gzip), gzip.length)));
      Limits tight = new Limits(1 << 20, 1000, 4096, 1 << 20, 1 << 20);
      assertThatThrownBy(() -> LayerBlobs.read(new ByteArrayInputStream(gzip), bomb, "t", tight, LENGTH))
          .isInstanceOf(InputException.class).hasMessageContaining("limit");
    }
  }
}
