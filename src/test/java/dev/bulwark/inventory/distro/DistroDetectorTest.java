package dev.bulwark.inventory.distro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.bulwark.inventory.AnalyzerHarness;
import dev.bulwark.inventory.Fact;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DistroDetectorTest {
  static Map<String, Object> describe(Distro distro) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", distro.id());
    map.put("versionId", distro.versionId());
    map.put("name", distro.name());
    map.put("prettyName", distro.prettyName());
    map.put("codename", distro.codename().orElse(null));
    map.put("branch", distro.branch().orElse(null));
    map.put("purlNamespace", distro.purlNamespace());
    map.put("purlDistro", distro.purlDistro());
    return map;
  }

  @Nested
  class Fixtures {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.inventory.distro.DistroFixtures#cases")
    void detectsTheExpectedDistribution(String name) throws IOException {
      Map<String, Object> expected = Json.mapper().readValue(
          DistroFixtures.root().resolve(name).resolve("expected.json").toFile(), new TypeReference<>() {});
      Optional<Distro> detected = DistroDetector.detect(DistroFixtures.releaseFiles(name));
      if (expected == null) {
        assertThat(detected).isEmpty();
      } else {
        assertThat(detected).isPresent();
        assertThat(describe(detected.get())).containsExactlyEntriesOf(expected);
      }
    }
  }

  @Nested
  class ClaircoreExpectations {
    /**
     * Claircore's "Distribution" of each os-release: its id, version id, name and code name. Where
     * claircore has no code name Bulwark may still read one from VERSION ({@code Debian GNU/Linux
     * 12 (bookworm)} of distroless images, checked in the claircore-distroless-* fixtures).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.bulwark.inventory.distro.DistroFixtures#txtars")
    void agreesWithClaircoreOnIdVersionNameAndCodename(String name) throws IOException {
      Map<String, String> sections = DistroFixtures.txtar(name);
      Map<String, String> want = Json.mapper().readValue(sections.get("Distribution"), new TypeReference<>() {});
      Fact.ReleaseFile release = (Fact.ReleaseFile) AnalyzerHarness.analyze(new ReleaseFilesAnalyzer(),
          ReleaseFiles.ETC_OS_RELEASE, sections.get("os-release").getBytes(StandardCharsets.UTF_8)).getFirst();
      Distro distro = DistroDetector.detect(Map.of(ReleaseFiles.ETC_OS_RELEASE, release)).orElseThrow();
      assertThat(distro.id()).isEqualTo(want.get("did"));
      assertThat(distro.versionId()).isEqualTo(want.get("version_id"));
      assertThat(distro.name()).isEqualTo(want.get("name"));
      if (want.containsKey("version_code_name")) {
        assertThat(distro.codename()).hasValue(want.get("version_code_name"));
      }
    }
  }

  @Nested
  class Rules {
    @Test
    void nothingToGoOnIsNoDistribution() {
      assertThat(DistroDetector.detect(Map.of())).isEmpty();
    }

    @Test
    void aFactOfTheWrongKindAtAPathIsIgnored() {
      Map<String, Fact.ReleaseFile> byPath = new HashMap<>();
      byPath.put(ReleaseFiles.ETC_OS_RELEASE, new Fact.ReleaseFile(ReleaseFiles.DEBIAN_VERSION_KIND,
          Map.of(ReleaseFiles.VERSION, "12.4")));
      assertThat(DistroDetector.detect(byPath)).isEmpty();
    }

    @Test
    void usrLibOsReleaseServesWhenEtcHasNoId() {
      Map<String, Fact.ReleaseFile> byPath = Map.of(
          ReleaseFiles.ETC_OS_RELEASE, new Fact.ReleaseFile(ReleaseFiles.OS_RELEASE_KIND, Map.of("NAME", "x")),
          ReleaseFiles.USR_LIB_OS_RELEASE, new Fact.ReleaseFile(ReleaseFiles.OS_RELEASE_KIND,
              Map.of("ID", "wolfi", "VERSION_ID", "20230201")));
      assertThat(DistroDetector.detect(byPath)).map(Distro::purlDistro).hasValue("wolfi-20230201");
    }
  }
}
