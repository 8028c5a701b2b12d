package dev.bulwark.vuln.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.inventory.PackageRecord;
import dev.bulwark.inventory.PackageType;
import org.junit.jupiter.api.Test;

/** How erratum summaries name module streams (the summaries are AlmaLinux 8's, verbatim). */
class ModularStreamsTest {
  @Test
  void oneStream() {
    assertThat(ModularStreams.streamsNamed("Important: nodejs:18 security update")).containsExactly("nodejs:18");
    assertThat(ModularStreams.streamsNamed("new module: perl:5.32")).containsExactly("perl:5.32");
  }

  @Test
  void severalStreams() {
    assertThat(ModularStreams.streamsNamed("Moderate: virt:rhel and virt-devel:rhel security update"))
        .containsExactly("virt:rhel", "virt-devel:rhel");
    assertThat(ModularStreams.streamsNamed("perl-IO-Socket-SSL:2.066 and perl-libwww-perl:6.34 update"))
        .containsExactly("perl-IO-Socket-SSL:2.066", "perl-libwww-perl:6.34");
    String idm = "Moderate: idm:DL1 and idm:client security, bug fix, and enhancement update";
    assertThat(ModularStreams.streamsNamed(idm)).containsExactly("idm:DL1", "idm:client");
  }

  @Test
  void theImpactWordAndAnErratumIdAreNotStreams() {
    assertThat(ModularStreams.streamsNamed("Moderate: ruby security update")).isEmpty();
    assertThat(ModularStreams.streamsNamed("ALSA-2022:5468: php:8.0 security update (Important)"))
        .containsExactly("php:8.0");
  }

  @Test
  void theStreamOfAnInstalledPackageIsNameAndStreamOfItsLabel() {
    PackageRecord python = PackageRecord.builder(PackageType.RPM, "python36", "3.6.8-38.module+el8.5.0+12207+5c5719bc")
        .modularityLabel("python36:3.6:8050020210811103506:982725ab").build();
    assertThat(ModularStreams.stream(python)).contains("python36:3.6");
    assertThat(ModularStreams.isModular(python.version())).isTrue();
    assertThat(ModularStreams.isModular("1:10.24.0-1.module_el8.5.0+81+7dbe79d3")).isTrue();
    assertThat(ModularStreams.isModular("1:16.16.0-1.el9_0")).isFalse();
  }

  @Test
  void upstreamMajorVersionIgnoresEpochAndRelease() {
    assertThat(ModularStreams.major("1:16.20.2-1.module_el8.8.0+3614+204d6f43")).isEqualTo("16");
    assertThat(ModularStreams.major("2.5.9-109.module_el8.5.0+259+8cec6917")).isEqualTo("2");
  }
}
