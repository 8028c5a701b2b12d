package dev.bulwark.inventory.rust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.elf.ExecutableFixtures;
import org.junit.jupiter.api.Test;

/** A real Rust executable built with cargo-auditable (Trivy's test binary). */
class CargoAuditFixtureTest {
  private static final String CASE = "rust/cargo-auditable";

  @Test
  void reportsWhatTheExpectedFileLists() {
    ExecutableFixtures.assertGolden(CASE,
        ExecutableFixtures.analyze("/usr/local/bin/app", ExecutableFixtures.binary(CASE)));
  }

  @Test
  void marksTheRootCrate() {
    assertThat(AnalyzerHarness.packages(ExecutableFixtures.analyze("/app", ExecutableFixtures.binary(CASE))))
        .filteredOn(p -> p.properties().containsKey(CargoAuditData.ROOT))
        .extracting(PackageRecord::name).containsExactly("crate_with_features");
  }
}
