package dev.bulwark.vuln.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AdvisoryModelTest {
  @Nested
  class Ecosystems {
    @Test
    void baseAndReleaseSplitAtTheFirstColon() {
      assertThat(Ecosystem.of("Debian:12").base()).isEqualTo("Debian");
      assertThat(Ecosystem.of("Debian:12").release()).contains("12");
      assertThat(Ecosystem.of("Ubuntu:Pro:22.04:LTS").release()).contains("Pro:22.04:LTS");
      assertThat(Ecosystem.of("Rocky Linux:9").base()).isEqualTo("Rocky Linux");
      assertThat(Ecosystem.of("PyPI").base()).isEqualTo("PyPI");
      assertThat(Ecosystem.of("PyPI").release()).isEmpty();
    }

    @Test
    void emptyOrPaddedNamesAreRefused() {
      assertThatThrownBy(() -> Ecosystem.of("")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Ecosystem.of(" PyPI")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Names {
    @Test
    void pypiNamesFollowPep503() {
      assertThat(PackageNames.normalize("PyPI", "Foo.Bar__baz-_qux")).isEqualTo("foo-bar-baz-qux");
      assertThat(PackageNames.normalize("PyPI", "AccessControl")).isEqualTo("accesscontrol");
    }

    @Test
    void caseInsensitiveRegistriesAreLowerCased() {
      assertThat(PackageNames.normalize("NuGet", "Newtonsoft.Json")).isEqualTo("newtonsoft.json");
      assertThat(PackageNames.normalize("Packagist", "Symfony/HTTP-Kernel")).isEqualTo("symfony/http-kernel");
      assertThat(PackageNames.normalize("crates.io", "Serde_JSON")).isEqualTo("serde-json");
    }

    @Test
    void caseSensitiveEcosystemsKeepTheName() {
      assertThat(PackageNames.normalize("npm", "JSONStream")).isEqualTo("JSONStream");
      assertThat(PackageNames.normalize("Maven", "org.Foo:Bar")).isEqualTo("org.Foo:Bar");
      assertThat(PackageNames.normalize("Go", "github.com/BurntSushi/toml")).isEqualTo("github.com/BurntSushi/toml");
      assertThat(PackageNames.normalize(Ecosystem.of("AlmaLinux:9"), "NetworkManager")).isEqualTo("NetworkManager");
    }
  }

  @Nested
  class AffectedEntries {
    Affected entry(List<Range> ranges) {
      return new Affected(Optional.of(new AffectedPackage(Ecosystem.of("Debian:12"), "openssl", Optional.empty())),
          ranges, List.of(), List.of(), SpecificData.EMPTY, SpecificData.EMPTY);
    }

    Range range(Event... events) {
      return new Range(RangeType.ECOSYSTEM, Optional.empty(), List.of(events), SpecificData.EMPTY);
    }

    @Test
    void anOpenRangeMeansNoFixExists() {
      assertThat(entry(List.of(range(new Event(Event.Kind.INTRODUCED, "0")))).isUnfixed()).isTrue();
      assertThat(entry(List.of(range(new Event(Event.Kind.INTRODUCED, "0"), new Event(Event.Kind.FIXED, "3.0.2-1"))))
          .isUnfixed()).isFalse();
      assertThat(entry(List.of(range(new Event(Event.Kind.INTRODUCED, "0"),
          new Event(Event.Kind.LAST_AFFECTED, "3.0.1-1")))).isUnfixed()).isFalse();
      assertThat(entry(List.of()).isUnfixed()).as("versions only").isFalse();
    }

    @Test
    void fixedVersionsAreListedOnceInOrder() {
      Affected affected = entry(List.of(
          range(new Event(Event.Kind.INTRODUCED, "0"), new Event(Event.Kind.FIXED, "1.1")),
          range(new Event(Event.Kind.INTRODUCED, "2.0"), new Event(Event.Kind.FIXED, "2.1"),
              new Event(Event.Kind.INTRODUCED, "0"), new Event(Event.Kind.FIXED, "1.1"))));
      assertThat(affected.fixedVersions(RangeType.ECOSYSTEM)).containsExactly("1.1", "2.1");
    }

    @Test
    void specificDataIsReadOnDemand() {
      Affected affected = new Affected(Optional.empty(), List.of(), List.of(), List.of(),
          new SpecificData("{\"urgency\":\"low\",\"imports\":[{\"path\":\"net/http\",\"symbols\":[\"Serve\"]}]}"),
          new SpecificData("{\"severity\":\"HIGH\"}"));
      assertThat(affected.urgency()).contains("low");
      assertThat(affected.specificSeverity()).contains("HIGH");
      assertThat(affected.goImports()).singleElement()
          .satisfies(i -> assertThat(i.symbols()).containsExactly("Serve"));
      assertThatThrownBy(() -> new SpecificData("[1]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRangeNeedsAnIntroducedEvent() {
      assertThatThrownBy(() -> range(new Event(Event.Kind.FIXED, "1"))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new Range(RangeType.GIT, Optional.empty(), List.of(new Event(Event.Kind.INTRODUCED, "0")),
          SpecificData.EMPTY)).hasMessageContaining("repo");
    }
  }
}
