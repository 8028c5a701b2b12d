package dev.bulwark.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Versions from advisories and images can be anything; every scheme must order any strings
 * without throwing, reflexively, antisymmetrically and transitively.
 */
class GarbageInputTest {
  private static final String ALPHABET = "0123456789000abcdefghijklmnopqrstuvwxyzABCXYZ.-_+~^:!#@*/ \t,=v"
      + "\u00e9\u0663\u00df\u0130\ud83d\ude00";
  private static final int SAMPLES = 30_000;

  static List<VersionScheme> schemes() {
    return VersionSchemes.all();
  }

  private static String garbage(Random random) {
    int length = random.nextInt(random.nextInt(4) == 0 ? 40 : 10);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
      if (Character.isHighSurrogate(c)) {
        s.append(c).append(ALPHABET.charAt(ALPHABET.indexOf(c) + 1));
      } else if (!Character.isLowSurrogate(c)) {
        s.append(c);
      }
    }
    return s.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemes")
  void anyStringsAreOrderedConsistently(VersionScheme scheme) {
    Random random = new Random(scheme.name().hashCode());
    List<String> pool = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      pool.add(garbage(random));
    }
    pool.addAll(List.of("", " ", "0", "00", ".", "-", "~", "^", ":", "1:", ":1", "1-", "-1", "v", "v1", "1.0",
        "1.0-1", "1.0~1", "1.0^1", "9".repeat(40), "0".repeat(30), "1." + "0".repeat(12) + ".1", "1.2.3.#", "#",
        "dev-x", "1.x-dev", "1!2", "1.0+local", "1-r", "1_p1", "1~ff", "<unknown>"));
    List<String> failures = new ArrayList<>();
    for (int n = 0; n < SAMPLES && failures.size() < 10; n++) {
      String a = pool.get(random.nextInt(pool.size()));
      String b = pool.get(random.nextInt(pool.size()));
      String c = pool.get(random.nextInt(pool.size()));
      scheme.isValid(a);
      int ab = Integer.signum(scheme.compare(a, b));
      int ba = Integer.signum(scheme.compare(b, a));
      int bc = Integer.signum(scheme.compare(b, c));
      int ac = Integer.signum(scheme.compare(a, c));
      if (scheme.compare(a, a) != 0) {
        failures.add("not reflexive: '" + a + "'");
      }
      if (ab != -ba) {
        failures.add("not antisymmetric: '" + a + "' " + ab + " '" + b + "' but reversed " + ba);
      }
      if (ab <= 0 && bc <= 0 && ac > 0 || ab >= 0 && bc >= 0 && ac < 0) {
        failures.add("not transitive: '" + a + "' " + ab + " '" + b + "' " + bc + " '" + c + "' but " + ac);
      }
    }
    assertThat(failures).isEmpty();
  }
}
