package dev.bulwark.inventory.dpkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expectations checked against dpkg-query 1.21.22 on status files holding these versions. */
class DpkgVersionsTest {
  @Nested
  class Printing {
    @ParameterizedTest
    @CsvSource({"1.0,1.0", "0:1.0,1.0", "01:1.0,1:1.0", "1:2.10-3+b1,1:2.10-3+b1", "5:20.10.7~3-0~debian-buster,"
        + "5:20.10.7~3-0~debian-buster", "abc,abc", "2.9.11_pre20061021-r2,2.9.11_pre20061021-r2"})
    void printsTheEpochAsANumberAndDropsAZeroOne(String stored, String printed) {
      assertThat(DpkgVersions.normalize(stored)).isEqualTo(printed);
    }
  }

  @Nested
  class Refusing {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|version string is empty",
        "1.0 x|version string has embedded spaces",
        "1.0-|revision number is empty",
        "1:|nothing after colon in version number",
        ":1.0|epoch in version is empty",
        "a:1.0|epoch in version is not number",
        "99999999999:1.0|epoch in version is too big",
        "-1|version number is empty"})
    void refusesWhatDpkgRefusesWithItsReason(String version, String reason) {
      assertThatThrownBy(() -> DpkgVersions.normalize(version)).hasMessage(reason);
    }
  }
}
