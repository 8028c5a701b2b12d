package dev.bulwark.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** rpm's version comparison, EVR and NEVRA parsing, against claircore's tables (ported from rpm's tests). */
class RpmTest {
  private static List<String[]> table(String resource) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        RpmTest.class.getResourceAsStream("/vuln/version/claircore/" + resource), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(line.strip().split("\\s+"));
        }
      }
    }
    return rows;
  }

  @Nested
  class SegmentComparison {
    @Test
    void claircoreTableOfRpmTests() {
      VectorFile vectors = VectorFile.load("claircore/rpmvercmp");
      assertThat(vectors.vectors()).hasSizeGreaterThan(50);
      for (VectorFile.Vector v : vectors.vectors()) {
        assertThat(Rpmvercmp.compare(v.a(), v.b())).as(v.text()).isEqualTo(v.expected());
        assertThat(Rpmvercmp.compare(v.b(), v.a())).as(v.text()).isEqualTo(-v.expected());
      }
    }

    @Test
    void tildeBeforeEverythingCaretAfterTheEndOnly() {
      assertThat(Rpmvercmp.compare("1.0~rc1", "1.0")).isNegative();
      assertThat(Rpmvercmp.compare("1.0^git1", "1.0")).isPositive();
      assertThat(Rpmvercmp.compare("1.0^git1", "1.0.1")).isNegative();
      assertThat(Rpmvercmp.compare("0001", "1")).isZero();
      assertThat(Rpmvercmp.compare("1" + "0".repeat(40), "9".repeat(40))).isPositive();
    }
  }

  @Nested
  class Evr {
    @Test
    void parsesAsRpmDoes() {
      assertThat(RpmEvr.parse("1:2.0-3.el9")).isEqualTo(new RpmEvr(Optional.of("1"), "2.0", Optional.of("3.el9")));
      assertThat(RpmEvr.parse("2.0")).isEqualTo(new RpmEvr(Optional.empty(), "2.0", Optional.empty()));
      assertThat(RpmEvr.parse("a:1-2")).isEqualTo(new RpmEvr(Optional.empty(), "a:1", Optional.of("2")));
      assertThat(RpmEvr.parse(":1")).isEqualTo(new RpmEvr(Optional.of("0"), "1", Optional.empty()));
      assertThat(RpmEvr.parse("1-")).isEqualTo(new RpmEvr(Optional.empty(), "1", Optional.of("")));
      assertThat(RpmEvr.parse("1:2.0-3.el9").toString()).isEqualTo("1:2.0-3.el9");
    }

    @Test
    void missingEpochIsZeroMissingReleaseSortsFirst() {
      RpmScheme rpm = new RpmScheme();
      assertThat(rpm.compare("0:1.0-1", "1.0-1")).isZero();
      assertThat(rpm.compare("1:0.1", "9.9")).isPositive();
      assertThat(rpm.compare("1.0", "1.0-0")).isNegative();
    }

    @Test
    void dependencyComparisonSkipsAMissingRelease() {
      RpmEvr bound = RpmEvr.parse("1.0");
      assertThat(bound.compareIgnoringMissingRelease(RpmEvr.parse("1.0-1"))).isZero();
      assertThat(bound.compareIgnoringMissingRelease(RpmEvr.parse("1.0-2"))).isZero();
      assertThat(RpmEvr.parse("1.0-1").compareIgnoringMissingRelease(RpmEvr.parse("1.0-2"))).isNegative();
      assertThat(bound.compareTo(RpmEvr.parse("1.0-1"))).isNegative();
    }

    @Test
    void claircoreEvrComparisons() throws IOException {
      int checked = 0;
      for (String[] row : table("compare")) {
        int expected = switch (row[1]) {
          case "<" -> -1;
          case ">" -> 1;
          default -> 0;
        };
        assertThat(Integer.signum(RpmNevra.parse(row[0]).compareTo(RpmNevra.parse(row[2]))))
            .as(String.join(" ", row)).isEqualTo(expected);
        assertThat(Integer.signum(RpmNevra.parse(row[2]).compareTo(RpmNevra.parse(row[0]))))
            .as(String.join(" ", row)).isEqualTo(-expected);
        checked++;
      }
      assertThat(checked).isEqualTo(12);
    }
  }

  @Nested
  class Nevra {
    @Test
    void claircoreParseTable() throws IOException {
      List<String[]> rows = table("parse");
      assertThat(rows).hasSize(4);
      for (String[] row : rows) {
        RpmNevra nevra = RpmNevra.parse(row[0]);
        assertThat(nevra.name()).as(row[0]).isEqualTo(absentIfQuoted(row[1]));
        assertThat(nevra.evr().epoch()).as(row[0]).isEqualTo(absentIfQuoted(row[2]));
        assertThat(nevra.evr().version()).as(row[0]).isEqualTo(row[3]);
        assertThat(nevra.evr().release()).as(row[0]).isEqualTo(absentIfQuoted(row[4]));
        assertThat(nevra.arch()).as(row[0]).isEqualTo(absentIfQuoted(row[5]));
      }
    }

    @Test
    void sourceRpmLabel() {
      RpmNevra nevra = RpmNevra.parse("lvm2-2.03.23-2.el9.src");
      assertThat(nevra.name()).contains("lvm2");
      assertThat(nevra.evr()).isEqualTo(RpmEvr.parse("2.03.23-2.el9"));
      assertThat(nevra.arch()).contains("src");
    }

    private static Optional<String> absentIfQuoted(String field) {
      return field.equals("''") || field.equals("\"\"") ? Optional.empty() : Optional.of(field);
    }
  }
}
