package dev.bulwark.vuln.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The OSV records the matching tests import for Debian and Alpine are converted from real feed
 * data ({@code input/}) by {@link FeedConversions}; the converted records are kept beside the
 * inputs ({@code osv/}) so a reader sees exactly what is matched. Regenerate them with
 * {@code -Dbulwark.updateGolden=true} and review the diff.
 */
class FeedConversionsTest {
  /** Converted record sets: output folder (under vuln/match) → its records. */
  static Map<String, Map<String, ObjectNode>> conversions() throws IOException {
    Map<String, Map<String, ObjectNode>> sets = new LinkedHashMap<>();
    Path debian = MatchFixtures.resource("debian/input");
    Map<String, ObjectNode> dsa = new TreeMap<>();
    for (Path list : List.of(debian.resolve("security-tracker/DSA-list"), debian.resolve("vunnel/DSA-list"))) {
      dsa.putAll(FeedConversions.debianAdvisories(Files.readString(list, StandardCharsets.UTF_8)));
    }
    sets.put("debian/osv/tracker-dsa", dsa);
    sets.put("debian/osv/tracker-cve",
        FeedConversions.debianCves(Json.mapper().readTree(debian.resolve("vunnel/tracker.json").toFile())));
    sets.put("debian/osv/osvdev-parts", parts(debian.resolve("osvdev-parts")));
    Path alpine = MatchFixtures.resource("alpine/input");
    sets.put("alpine/osv/secdb", FeedConversions.alpineSecdb(FeedConversions.files(alpine.resolve("secdb"), ".yaml")));
    sets.put("alpine/osv/osvdev-parts", parts(alpine.resolve("osvdev-parts")));
    return sets;
  }

  private static Map<String, ObjectNode> parts(Path dir) throws IOException {
    Map<String, ObjectNode> out = new TreeMap<>();
    for (Path file : FeedConversions.files(dir, ".json")) {
      ObjectNode record =
          FeedConversions.osvdevParts(file.getFileName().toString(), Json.mapper().readTree(file.toFile()));
      out.put(record.get("id").asText(), record);
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> convertedRecordsAreTheOnesKeptBesideTheInputs() throws IOException {
    boolean update = Boolean.getBoolean("bulwark.updateGolden");
    return conversions().entrySet().stream().map(set -> DynamicTest.dynamicTest(set.getKey(), () -> {
      if (update) {
        Path source = Path.of("src/test/resources/vuln/match").resolve(set.getKey());
        FeedConversions.write(source, set.getValue());
        FeedConversions.write(Path.of(MatchFixtures.class.getResource("/vuln/match").toURI()).resolve(set.getKey()),
            set.getValue());
      }
      Path dir = MatchFixtures.resource(set.getKey());
      Map<String, String> kept = new TreeMap<>();
      for (Path file : FeedConversions.files(dir, ".json")) {
        kept.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
      Map<String, String> converted = new TreeMap<>();
      for (Map.Entry<String, ObjectNode> record : set.getValue().entrySet()) {
        converted.put(record.getKey() + ".json", FeedConversions.render(record.getValue()));
      }
      assertThat(kept).isEqualTo(converted);
    }));
  }

  @Nested
  class DebianSecurityTracker {
    @Test
    void dsaBecomesOneEntryPerReleaseWithItsCvesUpstream() throws IOException {
      Map<String, ObjectNode> records = FeedConversions.debianAdvisories("""
          [07 Mar 2018] DSA-4133-1 isc-dhcp - security update
          \t{CVE-2017-3144 CVE-2018-5732 CVE-2018-5733}
          \t[jessie] - isc-dhcp 4.3.1-6+deb8u3
          \t[stretch] - isc-dhcp 4.3.5-3+deb9u1
          """);
      ObjectNode dsa = records.get("DSA-4133-1");
      assertThat(dsa.get("upstream").toString()).isEqualTo("[\"CVE-2017-3144\",\"CVE-2018-5732\",\"CVE-2018-5733\"]");
      assertThat(dsa.get("affected").toString()).isEqualTo(
          "[{\"package\":{\"ecosystem\":\"Debian:8\",\"name\":\"isc-dhcp\"},"
          + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"4.3.1-6+deb8u3\"}]}]},"
          + "{\"package\":{\"ecosystem\":\"Debian:9\",\"name\":\"isc-dhcp\"},"
          + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
          + "{\"fixed\":\"4.3.5-3+deb9u1\"}]}]}]");
      assertThat(dsa.get("published").asText()).isEqualTo("2018-03-07T00:00:00Z");
    }

    @Test
    void notAffectedReleasesAreLeftOutAndEndOfLifeHasNoFix() throws IOException {
      Map<String, ObjectNode> records = FeedConversions.debianAdvisories("""
          [12 Apr 2011] DSA-2218-1 vlc - heap-based buffer overflow
          \t{CVE-2011-1684}
          \t[lenny] - vlc <not-affected> (Vulnerable code not present)
          \t[squeeze] - vlc 1.1.3-1squeeze5
          [25 Oct 2016] DSA-3699-1 virtualbox - end of life
          \t[jessie] - virtualbox <end-of-life>
          """);
      assertThat(records.get("DSA-2218-1").get("affected")).hasSize(1);
      assertThat(records.get("DSA-2218-1").at("/affected/0/package/ecosystem").asText()).isEqualTo("Debian:6");
      assertThat(records.get("DSA-3699-1").at("/affected/0/ranges/0/events").toString())
          .isEqualTo("[{\"introduced\":\"0\"}]");
    }
  }
}
