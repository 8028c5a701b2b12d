package dev.bulwark.inventory.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ByteScanTest {
  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Nested
  class Probes {
    @Test
    void seeEveryPositionExactlyOnceWithLookahead() throws IOException {
      byte[] file = random(3 * ByteScan.WINDOW + 12345, 1);
      ByteScan scan = new ByteScan(new ByteArrayInputStream(file), file.length);
      scan.readHead(16);
      scan.fillWindow();
      long[] seen = {0};
      List<String> problems = new ArrayList<>();
      scan.run(List.of((s, from, to) -> {
        if (s.base() + from != seen[0]) {
          problems.add("gap or overlap at " + (s.base() + from));
        }
        if (to < s.end() && s.end() - to < ByteScan.LOOKAHEAD) {
          problems.add("short lookahead at " + (s.base() + to));
        }
        for (int i = from; i < to; i++) {
          if (s.buffer()[i] != file[(int) (s.base() + i)]) {
            problems.add("wrong byte at " + (s.base() + i));
            break;
          }
        }
        seen[0] = s.base() + to;
      }));
      assertThat(problems).isEmpty();
      assertThat(seen[0]).isEqualTo(file.length);
    }
  }

  @Nested
  class Taps {
    @Test
    void captureAcrossManyWindowsAndFromOffsetsAhead() throws IOException {
      byte[] file = random(4 * ByteScan.WINDOW, 2);
      ByteScan scan = new ByteScan(new ByteArrayInputStream(file), file.length);
      scan.readHead(16);
      scan.fillWindow();
      byte[][] got = new byte[2][];
      boolean[] opened = {false};
      scan.run(List.of((s, from, to) -> {
        if (!opened[0]) {
          opened[0] = true;
          s.tap(s.base() + from + 100, ByteScan.capture(2 * ByteScan.WINDOW, b -> got[0] = b, () -> {}));
          s.tap(3L * ByteScan.WINDOW + 7, ByteScan.capture(1000, b -> got[1] = b, () -> {}));
        }
      }));
      assertThat(got[0]).isEqualTo(Arrays.copyOfRange(file, 100, 100 + 2 * ByteScan.WINDOW));
      assertThat(got[1]).isEqualTo(Arrays.copyOfRange(file, 3 * ByteScan.WINDOW + 7, 3 * ByteScan.WINDOW + 1007));
    }

    @Test
    void openedByATapAreFedInTheSameRound() throws IOException {
      byte[] file = random(ByteScan.WINDOW / 2, 3);
      ByteScan scan = new ByteScan(new ByteArrayInputStream(file), file.length);
      scan.readHead(16);
      scan.fillWindow();
      byte[][] got = new byte[1][];
      boolean[] opened = {false};
      scan.run(List.of((s, from, to) -> {
        if (!opened[0]) {
          opened[0] = true;
          s.tap(10, ByteScan.capture(8, first -> s.tap(20, ByteScan.capture(4, b -> got[0] = b, () -> {})), () -> {}));
        }
      }));
      assertThat(got[0]).isEqualTo(Arrays.copyOfRange(file, 20, 24));
    }

    @Test
    void learnWhenTheFileEndsFirstAndCannotReachBack() throws IOException {
      byte[] file = random(2 * ByteScan.WINDOW, 4);
      ByteScan scan = new ByteScan(new ByteArrayInputStream(file), file.length);
      scan.readHead(16);
      scan.fillWindow();
      boolean[] truncated = {false};
      boolean[] reachedBack = {true};
      scan.run(List.of((s, from, to) -> {
        if (s.base() > 0 && reachedBack[0]) {
          reachedBack[0] = s.tap(0, ByteScan.capture(1, b -> {}, () -> {}));
          s.tap(file.length - 10, ByteScan.capture(100, b -> {}, () -> truncated[0] = true));
        }
      }));
      assertThat(reachedBack[0]).isFalse();
      assertThat(truncated[0]).isTrue();
    }
  }

  @Nested
  class Searches {
    @Test
    void agreeWithANaiveSearchAtEveryAlignment() {
      Random random = new Random(5);
      byte[] prefix = {'g', 'o', '1', '.'};
      for (int round = 0; round < 2000; round++) {
        byte[] b = new byte[1 + random.nextInt(80)];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) "go1.x\u0000".charAt(random.nextInt(6)); // a small alphabet makes matches frequent
        }
        int from = random.nextInt(b.length);
        int to = from + random.nextInt(b.length - from + 1);
        assertThat(ByteScan.indexOf(b, from, to, (byte) 'o')).isEqualTo(naive(b, from, to, b.length, new byte[] {'o'}));
        assertThat(ByteScan.indexOf4(b, from, to, b.length, prefix)).as("round %d", round)
            .isEqualTo(naive(b, from, to, b.length, prefix));
      }
    }

    private static int naive(byte[] b, int from, int to, int end, byte[] prefix) {
      outer:
      for (int i = from; i < to && i + prefix.length <= end; i++) {
        for (int k = 0; k < prefix.length; k++) {
          if (b[i + k] != prefix[k]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
