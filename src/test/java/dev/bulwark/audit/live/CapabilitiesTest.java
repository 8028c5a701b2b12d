package dev.bulwark.audit.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
  @Nested
  class Decoding {
    @Test
    void dockersDefaultMaskIsItsFourteenCapabilities() {
      // CapEff of a default container on the machine the fixtures were captured on
      assertThat(Capabilities.decode("00000000a80425fb")).containsExactlyElementsOf(Capabilities.DOCKER_DEFAULT);
    }

    @Test
    void anAddedCapabilityShowsInItsBit() {
      assertThat(Capabilities.decode("00000000a82425fb")).contains("SYS_ADMIN").hasSize(15);
    }

    @Test
    void aHostMaskWithoutOneCapabilityLacksExactlyIt() {
      List<String> caps = Capabilities.decode("000001fffeffffff");
      assertThat(caps).hasSize(40).doesNotContain("SYS_RESOURCE").contains("CHECKPOINT_RESTORE", "BPF");
    }

    @Test
    void anUnknownBitKeepsItsNumber() {
      assertThat(Capabilities.decode("0000020000000001")).containsExactly("CHOWN", "CAP_41");
    }

    @Test
    void anEmptyMaskIsNoCapability() {
      assertThat(Capabilities.decode("0000000000000000")).isEmpty();
    }

    @Test
    void somethingElseIsRefused() {
      assertThatThrownBy(() -> Capabilities.decode("xyz")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Capabilities.decode("00000000000000000")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class EffectiveSet {
    @Test
    void defaultsWhenNothingIsAddedOrDropped() {
      assertThat(Capabilities.effective(false, List.of(), List.of()))
          .containsExactlyElementsOf(Capabilities.DOCKER_DEFAULT);
    }

    @Test
    void addsAndDropsInAnySpelling() {
      assertThat(Capabilities.effective(false, List.of("cap_sys_admin"), List.of("CAP_NET_RAW", "mknod")))
          .contains("SYS_ADMIN").doesNotContain("NET_RAW", "MKNOD").hasSize(13);
    }

    @Test
    void droppingAllLeavesOnlyTheAdds() {
      assertThat(Capabilities.effective(false, List.of("NET_BIND_SERVICE"), List.of("ALL")))
          .containsExactly("NET_BIND_SERVICE");
    }

    @Test
    void addingAllGivesEverythingButTheDrops() {
      assertThat(Capabilities.effective(false, List.of("ALL"), List.of("SYS_ADMIN")))
          .hasSize(Capabilities.NAMES.size() - 1).doesNotContain("SYS_ADMIN");
    }

    @Test
    void privilegedIsEverything() {
      assertThat(Capabilities.effective(true, List.of(), List.of("ALL"))).isEqualTo(Capabilities.NAMES);
    }
  }
}
