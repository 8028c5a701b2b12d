package dev.bulwark.vuln.cvss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.vuln.advisory.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CvssTest {
  /** Rows of {@code vector <TAB> score [<TAB> origin]} from src/test/resources/vuln/cvss/<set>/vectors.tsv. */
  static Stream<Arguments> vectors(String set) {
    try (InputStream in = CvssTest.class.getResourceAsStream("/vuln/cvss/" + set + "/vectors.tsv")) {
      List<Arguments> rows = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t");
        rows.add(Arguments.of(fields[0], Double.parseDouble(fields[1])));
      }
      assertThat(rows).isNotEmpty();
      return rows.stream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> specExamples() {
    return vectors("spec-examples");
  }

  static Stream<Arguments> fixtureVectors() {
    return vectors("fixture-vectors");
  }

  static Stream<Arguments> firstCalculatorV4() {
    return vectors("first-calculator-v4");
  }

  @Nested
  class PublishedScores {
    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("dev.bulwark.vuln.cvss.CvssTest#specExamples")
    void specificationExamples(String vector, double score) {
      assertThat(Cvss.parse(vector).baseScore()).isEqualTo(score);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("dev.bulwark.vuln.cvss.CvssTest#fixtureVectors")
    void scoresPublishedByNvdRedHatAndOthers(String vector, double score) {
      assertThat(Cvss.parse(vector).baseScore()).isEqualTo(score);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("dev.bulwark.vuln.cvss.CvssTest#firstCalculatorV4")
    void cvss4ScoresOfFirstsCalculator(String vector, double score) {
      assertThat(Cvss.parse(vector).baseScore()).isEqualTo(score);
    }
  }

  @Nested
  class Cvss4Specifics {
    @Test
    void noImpactAnywhereScoresZero() {
      assertThat(Cvss.parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N").baseScore()).isZero();
    }

    @Test
    void theHighestVectorScoresTen() {
      assertThat(Cvss.parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H").baseScore())
          .isEqualTo(10.0);
    }

    @Test
    void macroVectorFollowsTheEquivalenceClasses() {
      Cvss4 cvss = Cvss4.parse("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L/E:U");
      assertThat(Cvss4.macroVector(cvss.metrics())).isEqualTo("212221");
      assertThat(cvss.baseScore()).isEqualTo(0.1);
    }

    @Test
    void threatMetricLowersTheScore() {
      double base = Cvss.parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").baseScore();
      double unreported = Cvss.parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U").baseScore();
      assertThat(base).isEqualTo(9.3);
      assertThat(unreported).isLessThan(base);
    }

    @Test
    void metricsMayComeInAnyOrder() {
      assertThat(Cvss.parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N").baseScore())
          .isEqualTo(Cvss.parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").baseScore());
    }
  }

  @Nested
  class Roundup {
    @Test
    void v31RoundupIsExactOnDecimalBoundaries() {
      assertThat(Cvss3.roundup31(4.0)).isEqualTo(4.0);
      assertThat(Cvss3.roundup31(4.02)).isEqualTo(4.1);
      // A float error just above 4.0 must not round up (the reason v3.1 redefined Roundup).
      assertThat(Cvss3.roundup31(4.000000000000001)).isEqualTo(4.0);
      assertThat(Cvss3.roundup30(4.000000000000001)).isEqualTo(4.1);
    }

    @Test
    void v30AndV31ScoreTheSameVectorAlike() {
      assertThat(Cvss.parse("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").baseScore()).isEqualTo(9.8);
      assertThat(Cvss.parse("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").version()).isEqualTo(CvssVersion.V3_0);
    }
  }

  @Nested
  class Ratings {
    @Test
    void v3AndV4Scale() {
      assertThat(Cvss.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").rating()).isEqualTo(Rating.CRITICAL);
      assertThat(Cvss.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N").rating()).isEqualTo(Rating.HIGH);
      assertThat(Cvss.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N").rating()).isEqualTo(Rating.MEDIUM);
      assertThat(Cvss.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N").rating()).isEqualTo(Rating.NONE);
      assertThat(Rating.of(3.9, CvssVersion.V4_0)).isEqualTo(Rating.LOW);
    }

    @Test
    void v2UsesNvdsThreeLevels() {
      assertThat(Cvss.parse("AV:N/AC:L/Au:N/C:C/I:C/A:C").rating()).isEqualTo(Rating.HIGH);
      assertThat(Rating.of(0.0, CvssVersion.V2)).isEqualTo(Rating.LOW);
    }

    @Test
    void feedWords() {
      assertThat(Rating.ofWord("MODERATE")).contains(Rating.MEDIUM);
      assertThat(Rating.ofWord("negligible")).contains(Rating.LOW);
      assertThat(Rating.ofWord("not yet assigned")).isEmpty();
      assertThat(Rating.CRITICAL.label()).isEqualTo("Critical");
    }
  }

  @Nested
  class Parsing {
    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "CVSS:3.1/",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",
        "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1",
        "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H",
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:S/SA:H",
        "AV:N/AC:L/Au:N/C:C/I:C",
        "AV:N/AC:L/Au:N/C:C/I:C/A:C/",
        "high"})
    void malformedVectorsAreRefused(String vector) {
      assertThatThrownBy(() -> Cvss.parse(vector)).isInstanceOf(InvalidCvssException.class);
      assertThat(Cvss.tryParse(vector)).isEmpty();
    }

    @Test
    void v2AcceptsNvdParenthesesAndPrefix() {
      assertThat(Cvss.parse("(AV:N/AC:L/Au:N/C:N/I:N/A:C)").baseScore()).isEqualTo(7.8);
      assertThat(Cvss.parse("CVSS:2.0/AV:N/AC:L/Au:N/C:N/I:N/A:C").baseScore()).isEqualTo(7.8);
    }

    @Test
    void osvSeverityEntries() {
      assertThat(Cvss.of(new Severity("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")))
          .hasValueSatisfying(c -> assertThat(c.scoreText()).isEqualTo("9.8"));
      assertThat(Cvss.of(new Severity("Ubuntu", "medium"))).isEmpty();
      assertThat(Cvss.of(new Severity("CVSS_V3", "garbage"))).isEmpty();
    }
  }
}
