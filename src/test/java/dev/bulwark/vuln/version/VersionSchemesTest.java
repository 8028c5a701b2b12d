package dev.bulwark.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionSchemesTest {
  @Nested
  class Registry {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        Debian            | dpkg
        Debian:12         | dpkg
        Ubuntu:22.04:LTS  | dpkg
        Ubuntu:Pro:18.04:LTS | dpkg
        Alpine:v3.18      | apk
        Wolfi             | apk
        Chainguard        | apk
        AlmaLinux:9       | rpm
        Rocky Linux:9     | rpm
        Red Hat           | rpm
        Red Hat:enterprise_linux:9::appstream | rpm
        openSUSE          | rpm
        SUSE              | rpm
        SUSE:Linux Enterprise Server 15 SP5 | rpm
        Photon OS:5.0     | rpm
        Mageia:9          | rpm
        Go                | go
        npm               | npm
        Maven             | maven
        PyPI              | pypi
        RubyGems          | rubygems
        NuGet             | nuget
        Packagist         | composer
        crates.io         | crates
        SEMVER            | semver
        """)
    void osvEcosystemsMapToTheirScheme(String ecosystem, String scheme) {
      assertThat(VersionSchemes.forEcosystem(ecosystem)).map(VersionScheme::name).contains(scheme);
    }

    @Test
    void unknownEcosystemsHaveNoScheme() {
      assertThat(VersionSchemes.forEcosystem("Hackage")).isEmpty();
      assertThat(VersionSchemes.forEcosystem("")).isEmpty();
      assertThat(VersionSchemes.named("debain")).isEmpty();
    }

    @Test
    void everySchemeHasAUniqueCommandLineName() {
      List<String> names = VersionSchemes.all().stream().map(VersionScheme::name).toList();
      assertThat(names).doesNotHaveDuplicates().containsExactly("dpkg", "rpm", "apk", "npm", "semver", "crates", "go",
          "maven", "pypi", "rubygems", "nuget", "composer");
      for (String name : names) {
        assertThat(VersionSchemes.named(name)).map(VersionScheme::name).contains(name);
        assertThat(VersionSchemes.lookup(name.toUpperCase())).map(VersionScheme::name).contains(name);
      }
      assertThat(VersionSchemes.named("pep440")).map(VersionScheme::name).contains("pypi");
      assertThat(VersionSchemes.lookup("Debian:11")).map(VersionScheme::name).contains("dpkg");
    }
  }

  @Nested
  class Validity {
    @ParameterizedTest(name = "{0} ''{1}'' valid={2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        dpkg     | 1:2.36-9+deb12u4     | true
        dpkg     | ""                   | true
        dpkg     | <unknown>            | true
        dpkg     | 1.0-                 | false
        dpkg     | 1:                   | false
        dpkg     | a:1.0                | false
        dpkg     | -1:1.0               | false
        dpkg     | 2147483648:1.0       | false
        dpkg     | abc                  | false
        dpkg     | 1.0_1                | false
        dpkg     | "1.0 2"              | false
        rpm      | 1:2.0-3.el9          | true
        rpm      | 2.0                  | true
        rpm      | ""                   | false
        rpm      | 2.0-                 | false
        apk      | 1.2.3-r0             | true
        apk      | 1.2.3_rc1_p2-r10     | true
        apk      | 1.0~abc123-r0        | true
        apk      | 2.3.0b-r1            | true
        apk      | 1.0~ABC              | false
        apk      | 1.0-r                | false
        apk      | 1.0bc                | false
        apk      | .1                   | false
        apk      | 1.0_foo              | false
        npm      | 1.2.3                | true
        npm      | " v1.2.3-beta.1+b "  | true
        npm      | 1.2                  | false
        npm      | 01.2.3               | false
        npm      | 1.2.3-01             | false
        npm      | 9007199254740992.0.0 | false
        semver   | 1.2.3-alpha.1+build  | true
        semver   | v1.2.3               | false
        crates   | 18446744073709551615.0.0 | true
        crates   | 18446744073709551616.0.0 | false
        go       | v1.2.3               | true
        go       | 1.20.5               | true
        go       | v1                   | true
        go       | v0.0.0-20191109021931-daa7c04131f5 | true
        go       | v2.0.0+incompatible  | true
        go       | v1.2-pre             | false
        go       | v1.2.3.4             | false
        go       | v01.2.3              | false
        maven    | anything-at-all      | true
        pypi     | 1!2.0.post1.dev2+ubuntu.1 | true
        pypi     | v1.0rc1              | true
        pypi     | 0.1-bulbasaur        | false
        rubygems | 1.0.0.pre            | true
        rubygems | 1.0-beta             | true
        rubygems | ""                   | true
        rubygems | 1..0                 | false
        nuget    | 1.0.0-beta.1+meta    | true
        nuget    | 1.0.01               | true
        nuget    | 1.2.3.4.5            | false
        nuget    | 2147483648.0         | false
        nuget    | 1.0.0-beta..1        | false
        nuget    | " 1.0 "              | true
        nuget    | +1.0                 | false
        nuget    | 1.0.0-01             | false
        nuget    | 1.0-                 | false
        nuget    | 1.0-a+               | false
        nuget    | ""                   | false
        composer | v1.2.3               | true
        composer | 1.0.0-beta2          | true
        composer | dev-main             | true
        composer | 1.x-dev              | true
        composer | 1.2.3.#              | false
        composer | foo                  | false
        """)
    void followsTheTool(String scheme, String version, boolean valid) {
      assertThat(VersionSchemes.named(scheme).orElseThrow().isValid(version)).isEqualTo(valid);
    }
  }
}
