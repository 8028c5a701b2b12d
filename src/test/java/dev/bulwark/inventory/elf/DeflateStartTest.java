package dev.bulwark.inventory.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class DeflateStartTest {
  private static final String JSON = "{\"packages\":["
      + "{\"name\":\"adler\",\"version\":\"1.0.2\",\"source\":\"crates.io\"},"
      + "{\"name\":\"app\",\"version\":\"0.1.0\",\"source\":\"local\",\"dependencies\":[0],\"root\":true}]}";

  @Test
  void acceptsWhatRealCompressorsWriteAtEveryLevelAndStrategy() {
    for (String text : new String[] {"{}", JSON, JSON.repeat(200)}) {
      for (int level = 0; level <= 9; level++) {
        for (int strategy : new int[] {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY}) {
          byte[] zlib = zlib(text.getBytes(StandardCharsets.UTF_8), level, strategy);
          assertThat(DeflateStart.plausible(zlib, 2, zlib.length)).as("level %d strategy %d length %d", level, strategy,
              text.length()).isTrue();
        }
      }
    }
  }

  @Test
  void rejectsMostRandomBytes() {
    Random random = new Random(7);
    byte[] b = new byte[64];
    int accepted = 0;
    for (int i = 0; i < 100_000; i++) {
      random.nextBytes(b);
      accepted += DeflateStart.plausible(b, 2, b.length) ? 1 : 0;
    }
    assertThat(accepted).isLessThan(5_000);
  }

  @Test
  void leavesCandidatesTooCloseToTheEndToTheInflater() {
    assertThat(DeflateStart.plausible(new byte[] {0x78, (byte) 0x9C, 0x07}, 2, 3)).isTrue();
  }

  private static byte[] zlib(byte[] data, int level, int strategy) {
    Deflater deflater = new Deflater(level);
    deflater.setStrategy(strategy);
    deflater.setInput(data);
    deflater.finish();
    byte[] out = new byte[data.length + 1024];
    int n = deflater.deflate(out);
    deflater.end();
    return Arrays.copyOf(out, n);
  }
}
