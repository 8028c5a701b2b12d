package dev.bulwark.vuln.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DbSettingsTest {
  @Nested
  class Location {
    @Test
    void optionThenEnvironmentThenXdgThenHome() {
      Map<String, String> all = Map.of("BULWARK_DB", "/data/a.db", "XDG_CACHE_HOME", "/xdg", "HOME", "/home/u");
      assertThat(DbLocation.resolve(Optional.of(Path.of("/opt/x.db")), all)).isEqualTo(Path.of("/opt/x.db"));
      assertThat(DbLocation.resolve(Optional.empty(), all)).isEqualTo(Path.of("/data/a.db"));
      assertThat(DbLocation.resolve(Optional.empty(), Map.of("XDG_CACHE_HOME", "/xdg", "HOME", "/home/u")))
          .isEqualTo(Path.of("/xdg/bulwark/db/advisories.db"));
      assertThat(DbLocation.resolve(Optional.empty(), Map.of("XDG_CACHE_HOME", "relative", "HOME", "/home/u")))
          .isEqualTo(Path.of("/home/u/.cache/bulwark/db/advisories.db"));
      assertThatThrownBy(() -> DbLocation.resolve(Optional.empty(), Map.of())).isInstanceOf(UsageException.class);
    }
  }

  @Nested
  class Age {
    StoreMetadata builtAt(String when) {
      return new StoreMetadata("/db", Schema.VERSION, Instant.parse(when), List.of(), 1, 1, 1);
    }

    @Test
    void durationsInShortAndIsoForms() {
      assertThat(DbAge.parse("7d", "x")).isEqualTo(Duration.ofDays(7));
      assertThat(DbAge.parse("36h", "x")).isEqualTo(Duration.ofHours(36));
      assertThat(DbAge.parse("90m", "x")).isEqualTo(Duration.ofMinutes(90));
      assertThat(DbAge.parse("2w", "x")).isEqualTo(Duration.ofDays(14));
      assertThat(DbAge.parse("P3D", "x")).isEqualTo(Duration.ofDays(3));
      for (String bad : List.of("", "7", "d", "7y", "-1d", "0h", "PXD")) {
        assertThatThrownBy(() -> DbAge.parse(bad, "--max-age")).isInstanceOf(UsageException.class)
            .hasMessageStartingWith("--max-age");
      }
    }

    @Test
    void optionThenEnvironmentThenSevenDays() {
      assertThat(DbAge.maxAge(Optional.of("1d"), Map.of("BULWARK_DB_MAX_AGE", "2d"))).isEqualTo(Duration.ofDays(1));
      assertThat(DbAge.maxAge(Optional.empty(), Map.of("BULWARK_DB_MAX_AGE", "2d"))).isEqualTo(Duration.ofDays(2));
      assertThat(DbAge.maxAge(Optional.empty(), Map.of())).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void warnsOnlyPastTheMaximum() {
      Instant now = Instant.parse("2026-11-20T00:00:00Z");
      assertThat(DbAge.warning(builtAt("2026-11-14T00:00:00Z"), Duration.ofDays(7), now)).isEmpty();
      assertThat(DbAge.warning(builtAt("2026-11-11T00:00:00Z"), Duration.ofDays(7), now)).hasValueSatisfying(w ->
          assertThat(w).contains("9 days old").contains("maximum age 7 days").contains("bulwark db update"));
    }
  }
}
