package dev.bulwark.inventory.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GoStringRetentionTest {
  private static GoStringRetention retain(byte[] file) throws IOException {
    GoStringRetention retention =
        new GoStringRetention(List.of(new BinaryLayout.Segment(0, 0x400000, file.length, false, false)));
    ByteScan scan = new ByteScan(new ByteArrayInputStream(file), file.length);
    scan.readHead(16);
    scan.fillWindow();
    scan.run(List.of(retention));
    return retention;
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(11).nextBytes(bytes);
    return bytes;
  }

  @Test
  void keepsVersionCandidatesAndFramedModuleInformationByOffset() throws IOException {
    byte[] file = random(3 * ByteScan.WINDOW);
    byte[] framed = ElfBuilder.framed("path\tx\n");
    System.arraycopy("go1.15.2".getBytes(StandardCharsets.US_ASCII), 0, file, 123_457, 8);
    System.arraycopy(framed, 0, file, ByteScan.WINDOW - 10, framed.length); // across a window boundary
    GoStringRetention retention = retain(file);
    assertThat(retention.version(123_457, 8)).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("go1.15.2"));
    assertThat(retention.version(123_456, 8)).isEmpty();
    assertThat(retention.modinfo(ByteScan.WINDOW - 10, framed.length)).hasValue(framed);
    assertThat(retention.modinfo(ByteScan.WINDOW - 10, framed.length + 1)).isEmpty();
  }

  @Test
  void keepsNoMoreThanItsBudgetOfUnterminatedModuleInformation() throws IOException {
    byte[] file = random(3 * GoStringRetention.MAX_RETAINED_BYTES);
    for (int i = 0; i < 2 * GoStringRetention.MAX_MODINFO_CANDIDATES; i++) {
      System.arraycopy(GoStringRetention.INFO_START, 0, file, i * 100_000, GoStringRetention.INFO_START.length);
    }
    GoStringRetention retention = retain(file);
    assertThat(retention.retainedBytes()).isLessThanOrEqualTo(GoStringRetention.MAX_RETAINED_BYTES);
    assertThat(retention.modinfo(0, 1000)).isPresent();
    assertThat(retention.modinfo(GoStringRetention.MAX_MODINFO_CANDIDATES * 100_000L, 16)).isEmpty();
  }
}
