package dev.bulwark.inventory.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.bulwark.InputException;
import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Truncates and overwrites each real database at many places (seeded, so reproducible): every
 * outcome must be a package list, possibly with warnings, or an {@link InputException}. Any other
 * exception, or a hang (the timeout), is a defect.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DamagedDatabaseSweepTest {
  private static final int TRUNCATIONS = 40;
  private static final int OVERWRITES = 120;

  @ParameterizedTest
  @ValueSource(strings = {"cbl-mariner-2.0/rpmdb.sqlite", "rpm418-generated/rpmdb.sqlite", "sle15-bci/Packages.db",
      "libuuid/Packages", "packages-epoch/Packages"})
  void damageEndsInPackagesWarningsOrAnInputError(String fixture) throws Exception {
    byte[] original = RpmFixtures.bytes(fixture);
    int intact = AnalyzerHarness.packages(RpmFixtures.analyze("/var/lib/rpm/x", original)).size();
    Random random = new Random(fixture.hashCode());
    int rejected = 0;
    int read = 0;
    for (int i = 1; i <= TRUNCATIONS; i++) {
      int length = (int) ((long) original.length * i / (TRUNCATIONS + 1));
      if (outcome(fixture, "truncated to " + length, Arrays.copyOf(original, length), intact)) {
        read++;
      } else {
        rejected++;
      }
    }
    for (int i = 0; i < OVERWRITES; i++) {
      byte[] copy = original.clone();
      int at = random.nextInt(original.length - 4);
      int value = switch (random.nextInt(4)) {
        case 0 -> 0;
        case 1 -> -1;
        case 2 -> random.nextInt(64);
        default -> random.nextInt();
      };
      ByteBuffer.wrap(copy).putInt(at, value);
      if (outcome(fixture, "int " + value + " at " + at, copy, intact)) {
        read++;
      } else {
        rejected++;
      }
    }
    assertThat(rejected).as("some damage is fatal").isPositive();
    assertThat(read).as("some damage is survivable").isPositive();
  }

  /** True if the damaged database was read, false if it was rejected as it should be. */
  private static boolean outcome(String fixture, String damage, byte[] content, int intact) {
    try {
      List<Fact> facts = RpmFixtures.analyze("/var/lib/rpm/x", content);
      assertThat(AnalyzerHarness.packages(facts).size()).as(fixture + " " + damage).isLessThanOrEqualTo(intact);
      return true;
    } catch (InputException e) {
      assertThat(e.getMessage()).as(fixture + " " + damage).startsWith("rpm database /var/lib/rpm/x");
      return false;
    } catch (Exception | Error e) {
      fail(fixture + " " + damage + ": " + e, e);
      return false;
    }
  }
}
