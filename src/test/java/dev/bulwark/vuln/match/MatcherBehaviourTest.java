package dev.bulwark.vuln.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.Package;
import dev.bulwark.inventory.distro.Distro;
import dev.bulwark.vuln.cvss.Rating;
import dev.bulwark.vuln.db.SqliteAdvisoryStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a finding says beyond which advisories match (ids, merging, severity, fix status, where the
 * package was), on the real records of {@code vuln/match} all imported into one database.
 */
class MatcherBehaviourTest {
  @TempDir static Path temp;
  static SqliteAdvisoryStore store;

  @BeforeAll
  static void importAll() {
    store = MatchFixtures.store(temp.resolve("all.db"), MatchFixtures.resource("almalinux/advisories"),
        MatchFixtures.resource("go/osv"), MatchFixtures.resource("go/ghsa"), MatchFixtures.resource("pypa/vulns"),
        MatchFixtures.resource("pypa/trivy-db"), MatchFixtures.resource("debian/osv"),
        MatchFixtures.resource("debian/osvdev"), MatchFixtures.resource("ubuntu/osv"),
        MatchFixtures.resource("alpine/osv"), MatchFixtures.ghsaSamples());
  }

  @AfterAll
  static void close() {
    store.close();
  }

  /** The findings for packages given as in cases.tsv ({@code type name version [attr=value…]}). */
  static List<Finding> match(String distro, String... packages) {
    Optional<Distro> d = MatchFixtures.distro(distro);
    List<Package> placed = Stream.of(packages).map(p -> MatchCasesTest.parsePackage(p, d)).toList();
    return new Matcher(store).match(MatchFixtures.inventory(d, placed));
  }

  static Finding only(List<Finding> findings) {
    assertThat(findings).hasSize(1);
    return findings.getFirst();
  }

  static Finding withId(List<Finding> findings, String id) {
    return findings.stream().filter(f -> f.id().equals(id)).findFirst()
        .orElseThrow(() ->
            new AssertionError("no finding " + id + " in " + findings.stream().map(Finding::id).toList()));
  }

  @Nested
  class OneFindingPerVulnerability {
    @Test
    void dsaAndDebianCveRecordMergeUnderTheDsaWithEveryId() {
      Finding f = only(match("debian:12", "deb libsope1 5.8.0-1 source=sope@5.8.0-1"));
      assertThat(f.id()).isEqualTo("DSA-5970-1");
      assertThat(f.aliases()).containsExactly("CVE-2025-53603", "DEBIAN-CVE-2025-53603");
      assertThat(f.fixedVersions()).containsExactly("5.8.0-1+deb12u1");
      assertThat(f.summary()).isEqualTo("sope - security update");
    }

    @Test
    void usnAndUbuntuCveRecordMerge() {
      Finding f = only(match("ubuntu:22.04", "deb libwayland-client0 1.20.0-1 source=wayland@1.20.0-1"));
      assertThat(f.ids()).containsExactly("USN-5614-1", "CVE-2021-3782", "UBUNTU-CVE-2021-3782");
      // The USN carries no rating; the Ubuntu CVE record's CVSS vector rates the finding.
      assertThat(f.severity().source()).isEqualTo("CVSS:3.1");
    }

    @Test
    void goRecordAndGhsaMergeAndTheGhsaVectorRatesThem() {
      Finding f = only(match("-", "golang golang.org/x/crypto v0.30.0"));
      assertThat(f.ids()).containsExactlyInAnyOrder("GHSA-v778-237x-gjrc", "GO-2024-3321", "CVE-2024-45337");
      assertThat(f.severity().vector()).contains("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N");
      assertThat(f.severity().rating()).contains(Rating.CRITICAL);
    }

    @Test
    void errataSharingACveStayApartEachWithItsOwnFix() {
      // ALSA-2022:6963 and ALSA-2023:0321 both list CVE-2022-35256 among the CVEs they fix.
      List<Finding> findings = match("almalinux:9.0", "rpm nodejs 1:16.14.0-1.el9_0 source=nodejs@16.14.0-1.el9_0");
      assertThat(withId(findings, "ALSA-2022:6963").aliases()).containsExactly("CVE-2022-35255", "CVE-2022-35256");
      assertThat(withId(findings, "ALSA-2023:0321").aliases())
          .containsExactly("CVE-2021-44906", "CVE-2022-3517", "CVE-2022-35256", "CVE-2022-43548");
      assertThat(withId(findings, "ALSA-2022:6963").fixedVersions()).containsExactly("1:16.17.1-1.el9_0");
      assertThat(withId(findings, "ALSA-2023:0321").fixedVersions()).containsExactly("1:16.18.1-3.el9_1");
    }

    @Test
    void aDsaFixingTenCvesIsOneFindingListingThemAll() {
      Finding f = only(match("debian:11", "deb rails 2:6.0.3.7+dfsg-2 source=rails@2:6.0.3.7+dfsg-2"));
      assertThat(f.aliases()).hasSize(10).allMatch(id -> id.startsWith("CVE-"));
    }

    @Test
    void theSameAdvisoryFoundByBinaryAndSourceNameIsOneFinding() {
      List<Finding> findings = match("almalinux:9.0", "rpm nodejs 1:16.14.0-1.el9_0 source=nodejs@16.14.0-1.el9_0");
      assertThat(findings.stream().map(Finding::id)).doesNotHaveDuplicates();
    }
  }

  @Nested
  class Severity {
    @Test
    void cvssV4OutranksV3() {
      Finding f = only(match("-", "pypi Werkzeug 3.1.4"));
      assertThat(f.severity().source()).isEqualTo("CVSS:4.0");
      assertThat(f.severity().vector()).contains("CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N");
      assertThat(f.severity().score()).isPresent();
    }

    @Test
    void ghsaVectorIsScored() {
      Finding f = only(match("-", "maven org.apache.commons:commons-text 1.9"));
      assertThat(f.severity().source()).isEqualTo("CVSS:3.1");
      assertThat(f.severity().score()).contains(9.8);
      assertThat(f.severity().rating()).contains(Rating.CRITICAL);
    }

    @Test
    void ubuntuPriorityWhenThereIsNoVector() {
      Finding f = only(match("ubuntu:14.04",
          "deb linux-image-3.13.0-170-generic 3.13.0-170.220 source=linux@3.13.0-170.220"));
      assertThat(f.severity().source()).isEqualTo("Ubuntu priority");
      assertThat(f.severity().rating()).contains(Rating.MEDIUM);
    }

    @Test
    void debianUrgencyWhenThereIsNoVector() {
      Finding f = only(match("debian:12", "deb apparmor 3.0.8-3 source=apparmor@3.0.8-3"));
      assertThat(f.severity().source()).isEqualTo("Debian urgency");
      assertThat(f.severity().rating()).contains(Rating.LOW);
    }

    @Test
    void debianUrgencyNotYetAssignedRatesNothing() {
      Finding f = only(match("debian:12", "deb chromium 97.0.4692.99-1 source=chromium@97.0.4692.99-1"));
      assertThat(f.severity()).isEqualTo(FindingSeverity.UNKNOWN);
    }

    @Test
    void almaLinuxErratumImpactFromItsSummary() {
      assertThat(only(match("almalinux:8.1", "rpm mozjs52 52.9.0-1.el8")).severity())
          .satisfies(s -> assertThat(s.rating()).contains(Rating.MEDIUM))
          .satisfies(s -> assertThat(s.source()).isEqualTo("AlmaLinux erratum"));
      // "ALSA-2022:5468: php:8.0 security update (Important)"
      Finding php = only(match("almalinux:8.6",
          "rpm libzip 1.6.1-1.module_el8.6.0+2700+efabdb8f label=php:8.0:8060020220101000000:efabdb8f"));
      assertThat(php.severity().rating()).contains(Rating.HIGH);
    }

    @Test
    void goRecordsCarryNoRating() {
      Finding f = withId(match("-", "golang stdlib 1.19.8"), "GO-2023-1751");
      assertThat(f.severity()).isEqualTo(FindingSeverity.UNKNOWN);
    }

    @Test
    void findingsAreOrderedMostSevereFirst() {
      List<Finding> findings = match("-", "pypi Werkzeug 3.1.4", "maven org.apache.commons:commons-text 1.9",
          "golang stdlib 1.19.8");
      assertThat(findings.getFirst().id()).isEqualTo("GHSA-599f-7c49-w659");
      assertThat(findings.getLast().severity()).isEqualTo(FindingSeverity.UNKNOWN);
    }
  }

  @Nested
  class FixStatus {
    @Test
    void endOfLifeIsUnfixed() {
      Finding f = only(match("debian:8", "deb virtualbox 4.3.36-dfsg-1+deb8u1 source=virtualbox@4.3.36-dfsg-1+deb8u1"));
      assertThat(f.unfixed()).isTrue();
      assertThat(f.fixedVersions()).isEmpty();
    }

    @Test
    void lastAffectedMeansNoPatchedVersionSoUnfixed() {
      Finding f = only(match("-", "npm lodash.trim 4.5.1"));
      assertThat(f.fixedVersions()).isEmpty();
      assertThat(f.unfixed()).isTrue();
    }

    @Test
    void aFixedFindingIsNotUnfixed() {
      Finding f = only(match("debian:11", "deb bsdutils 1:2.36.1-8 source=util-linux@2.36.1-8"));
      assertThat(f.unfixed()).isFalse();
      assertThat(f.fixedVersions()).containsExactly("2.36.1-8+deb11u1");
    }

    @Test
    void unfixedInOneRecordButFixedInTheMergedOneIsFixed() {
      // Ubuntu 22.04: libnetty-java has only a Pro fix; it is still a released fix.
      Finding f = only(match("ubuntu:22.04",
          "deb libnetty-java 1:4.1.48-4+deb11u1build0.22.04.1 source=netty@1:4.1.48-4+deb11u1build0.22.04.1"));
      assertThat(f.unfixed()).isFalse();
      assertThat(f.ecosystem()).isEqualTo("Ubuntu:Pro:22.04:LTS");
    }
  }

  @Nested
  class WhatAFindingNames {
    @Test
    void thePackageAsPlacedAndTheEcosystemOfTheEntry() {
      Finding f = only(match("debian:11", "deb bsdutils 1:2.36.1-8 source=util-linux@2.36.1-8"));
      assertThat(f.pkg().name()).isEqualTo("bsdutils");
      assertThat(f.pkg().version()).isEqualTo("1:2.36.1-8");
      assertThat(f.pkg().purl()).isEqualTo("pkg:deb/debian/bsdutils@2.36.1-8?distro=debian-11&epoch=1");
      assertThat(f.pkg().locations()).containsExactly("/test");
      assertThat(f.ecosystem()).isEqualTo("Debian:11");
      assertThat(f.references()).containsExactly("https://security-tracker.debian.org/tracker/DSA-5055-1");
    }

    @Test
    void aDistributionOwnedPythonPackageIsLeftToTheDistribution() {
      List<Finding> findings = match("debian:12",
          "pypi Django 3.2.4 owned-by=pkg:deb/debian/python3-django@2:3.2.19-1+deb12u1",
          "deb libsope1 5.8.0-1 source=sope@5.8.0-1");
      assertThat(findings).extracting(f -> f.pkg().name()).containsExactly("libsope1");
    }

    @Test
    void withoutADistributionOsPackagesAreNotLookedUp() {
      assertThat(match("-", "deb bsdutils 1:2.36.1-8 source=util-linux@2.36.1-8")).isEmpty();
    }
  }
}
