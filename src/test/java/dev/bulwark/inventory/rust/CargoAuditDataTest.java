package dev.bulwark.inventory.rust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CargoAuditDataTest {
  private static List<Fact> facts(String json) {
    return CargoAuditData.facts(json.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> warnings(List<Fact> facts) {
    return facts.stream().filter(f -> f instanceof Fact.Warning).map(f -> ((Fact.Warning) f).message()).toList();
  }

  @Nested
  class Packages {
    /** The shape cargo-auditable writes: kind and root omitted at their defaults (runtime, false). */
    private static final String LIST = """
        {"packages":[
          {"name":"app","version":"0.3.0","source":"local","dependencies":[1,2],"root":true},
          {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"},
          {"name":"serde","version":"1.0.190","source":"crates.io","kind":"runtime"},
          {"name":"forked","version":"0.1.0-alpha.1","source":"git"}
        ]}""";

    @Test
    void areTheRuntimeCratesWithTheirSource() {
      assertThat(AnalyzerHarness.packages(facts(LIST)))
          .extracting(PackageRecord::type, PackageRecord::name, PackageRecord::version, PackageRecord::properties)
          .containsExactly(
              tuple(PackageType.CARGO, "app", "0.3.0",
                  Map.of(CargoAuditData.SOURCE, "local", CargoAuditData.ROOT, "true")),
              tuple(PackageType.CARGO, "serde", "1.0.190", Map.of(CargoAuditData.SOURCE, "crates.io")),
              tuple(PackageType.CARGO, "forked", "0.1.0-alpha.1", Map.of(CargoAuditData.SOURCE, "git")));
    }

    @Test
    void acceptAFormatFieldAndUnknownFields() {
      assertThat(AnalyzerHarness.packages(facts("{\"format\":1,\"packages\":["
          + "{\"name\":\"a\",\"version\":\"1.0.0\",\"source\":\"crates.io\",\"features\":[\"std\"]}]}")))
          .extracting(PackageRecord::name).containsExactly("a");
    }
  }

  @Nested
  class Malformed {
    @Test
    void jsonIsAWarning() {
      assertThat(warnings(facts("{\"packages\":[{\"name\":"))).singleElement().asString()
          .startsWith("cargo-auditable data is not valid JSON");
    }

    @Test
    void aMissingListIsAWarning() {
      assertThat(warnings(facts("{\"crates\":[]}"))).containsExactly("cargo-auditable data without a package list");
    }

    @Test
    void entriesWithoutNameOrVersionAreWarningsAndTheRestIsReported() {
      List<Fact> facts = facts("{\"packages\":[{\"name\":\"a\"},{\"version\":\"1.0.0\"},null,"
          + "{\"name\":\"ok\",\"version\":\"2.0.0\",\"source\":\"crates.io\"}]}");
      assertThat(warnings(facts)).containsExactly("cargo-auditable data: package 0 has no name or version",
          "cargo-auditable data: package 1 has no name or version",
          "cargo-auditable data: package 2 has no name or version");
      assertThat(AnalyzerHarness.packages(facts)).extracting(PackageRecord::name).containsExactly("ok");
    }

    @Test
    void tooManyPackagesIsAWarningNotATruncation() {
      String entry = "{\"name\":\"a\",\"version\":\"1.0.0\",\"source\":\"crates.io\"},";
      String json =
          "{\"packages\":[" + entry.repeat(CargoAuditData.MAX_PACKAGES) + entry.substring(0, entry.length() - 1) + "]}";
      List<Fact> facts = facts(json);
      assertThat(AnalyzerHarness.packages(facts)).isEmpty();
      assertThat(warnings(facts)).singleElement().asString()
          .contains("over the limit of " + CargoAuditData.MAX_PACKAGES);
    }

    @Test
    void deepNestingIsAWarning() {
      assertThat(warnings(facts("{\"packages\":[{\"name\":\"a\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}]}")))
          .singleElement().asString().startsWith("cargo-auditable data is not valid JSON");
    }
  }
}
