package dev.bulwark.inventory.golang;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoToolchainVersionTest {
  @ParameterizedTest
  @CsvSource({
    "go1.22.3, v1.22.3",
    "go1.20, v1.20.0",
    "go1.21.0, v1.21.0",
    "go1.21rc2, v1.21.0-rc.2",
    "go1.19beta1, v1.19.0-beta.1",
    "go1.9.2rc2, v1.9.2-rc.2",
    "go1, v1.0.0",
    "'go1.22.3 X:boringcrypto', v1.22.3",
    "'go1.24.1 X:nocoverageredesign,aliastypeparams', v1.24.1"
  })
  void releaseTagsBecomeSemanticVersions(String goVersion, String semver) {
    assertThat(GoToolchainVersion.semver(goVersion)).contains(semver);
  }

  @ParameterizedTest
  @ValueSource(strings = {"devel +b7a85e0003 Tue Jan 1 00:00:00 2019 +0000", "devel go1.23-abc123", "go1.x", "go1.22.",
      "go1.2.3.4", "go1.21rc", "1.22.3", "", "go1.22.03"})
  void developmentAndMalformedVersionsHaveNone(String goVersion) {
    assertThat(GoToolchainVersion.semver(goVersion)).isEmpty();
  }
}
