package dev.bulwark.inventory.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DistroTest {
  static Distro distro(String id, String versionId) {
    return new Distro(id, versionId, id, id, Optional.empty(), Optional.empty());
  }

  @Nested
  class PackageUrls {
    @ParameterizedTest
    @CsvSource({"debian,debian", "ubuntu,ubuntu", "alpine,alpine", "rhel,redhat", "centos,centos",
        "almalinux,almalinux", "rocky,rocky", "fedora,fedora", "opensuse,opensuse", "opensuse-leap,opensuse",
        "opensuse-tumbleweed,opensuse", "sles,suse", "sle-micro,suse", "amzn,amazon", "ol,oracle", "photon,photon",
        "wolfi,wolfi", "chainguard,chainguard", "mariner,mariner", "azurelinux,azurelinux", "vyos,vyos"})
    void namespaceFollowsPurlSpecAndTrivyAndUnknownIdsAreTheirOwn(String id, String namespace) {
      assertThat(distro(id, "1").purlNamespace()).isEqualTo(namespace);
    }

    @ParameterizedTest
    @CsvSource({"debian,12,debian-12", "alpine,3.18.4,alpine-3.18.4", "almalinux,9.2,almalinux-9.2",
        "rhel,9.4,rhel-9.4", "ubuntu,22.04,ubuntu-22.04", "wolfi,'',wolfi"})
    void distroQualifierIsIdAndVersionAsSyftWritesIt(String id, String versionId, String qualifier) {
      assertThat(distro(id, versionId).purlDistro()).isEqualTo(qualifier);
    }
  }

  @Nested
  class Validation {
    @Test
    void anIdIsRequiredAndLowerCase() {
      assertThatThrownBy(() -> distro(" ", "1")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> distro("Debian", "1")).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
