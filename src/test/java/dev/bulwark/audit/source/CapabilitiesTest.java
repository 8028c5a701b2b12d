package dev.bulwark.audit.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.audit.model.ContainerSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
  private static ContainerSettings.Capabilities docker(List<String> add, List<String> drop, boolean privileged) {
    return Capabilities.compute(Capabilities.RUNTIME_DEFAULT, add, drop, privileged);
  }

  @Test
  void theDefaultSetInKernelOrder() {
    assertThat(docker(List.of(), List.of(), false).effective()).containsExactly("CHOWN", "DAC_OVERRIDE", "FOWNER",
        "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "NET_RAW", "SYS_CHROOT", "MKNOD",
        "AUDIT_WRITE", "SETFCAP");
  }

  @Test
  void addsAndDropsWithNamesNormalized() {
    ContainerSettings.Capabilities caps =
        docker(List.of("cap_sys_admin", "SYS_PTRACE"), List.of("NET_RAW", "CAP_MKNOD"), false);
    assertThat(caps.add()).containsExactly("SYS_ADMIN", "SYS_PTRACE");
    assertThat(caps.drop()).containsExactly("NET_RAW", "MKNOD");
    assertThat(caps.effective()).contains("SYS_ADMIN", "SYS_PTRACE").doesNotContain("NET_RAW", "MKNOD").hasSize(14);
  }

  @Test
  void dropAllLeavesOnlyAdds() {
    assertThat(docker(List.of("NET_BIND_SERVICE"), List.of("ALL"), false).effective())
        .containsExactly("NET_BIND_SERVICE");
    assertThat(docker(List.of(), List.of("all"), false).effective()).isEmpty();
  }

  @Test
  void addAllGivesEverythingButDropsAndWinsOverDropAll() {
    assertThat(docker(List.of("ALL"), List.of("SYS_ADMIN"), false).effective()).hasSize(40).doesNotContain("SYS_ADMIN");
    assertThat(docker(List.of("ALL"), List.of("ALL"), false).effective()).hasSize(41);
  }

  @Test
  void privilegedGetsEverythingWhateverIsDropped() {
    assertThat(docker(List.of(), List.of("ALL"), true).effective()).containsExactlyElementsOf(Capabilities.ALL);
  }

  @Test
  void anAddWinsOverADropOfTheSameCapability() {
    assertThat(docker(List.of("NET_RAW"), List.of("NET_RAW"), false).effective()).contains("NET_RAW");
  }

  @Test
  void unknownNamesGrantNothing() {
    ContainerSettings.Capabilities caps = docker(List.of("FLY"), List.of(), false);
    assertThat(caps.add()).containsExactly("FLY");
    assertThat(caps.effective()).doesNotContain("FLY").hasSize(14);
  }

  @Test
  void kernelMasks() {
    assertThat(Capabilities.fromMask(0xa80425fbL)).containsExactly("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
        "KILL", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "NET_RAW", "SYS_CHROOT", "MKNOD", "AUDIT_WRITE",
        "SETFCAP");
    assertThat(Capabilities.fromMask(0x1ffffffffffL)).containsExactlyElementsOf(Capabilities.ALL);
    assertThat(Capabilities.fromMask(1L << 50)).containsExactly("CAP_50");
  }

  @Test
  void procStatusMasksInHex() {
    // CapEff of a default Docker container, and of one with --cap-add SYS_ADMIN
    assertThat(Capabilities.fromHex("00000000a80425fb")).containsExactlyElementsOf(Capabilities.RUNTIME_DEFAULT);
    assertThat(Capabilities.fromHex("00000000a82425fb")).contains("SYS_ADMIN").hasSize(15);
    assertThat(Capabilities.fromHex("000001fffeffffff")).hasSize(40).doesNotContain("SYS_RESOURCE")
        .contains("CHECKPOINT_RESTORE", "BPF");
    assertThat(Capabilities.fromHex("0000020000000001")).containsExactly("CHOWN", "CAP_41");
    assertThat(Capabilities.fromHex("0000000000000000")).isEmpty();
  }

  @Test
  void somethingElseThanAMaskIsRefused() {
    assertThatThrownBy(() -> Capabilities.fromHex("xyz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Capabilities.fromHex("00000000000000000")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Capabilities.fromHex("")).isInstanceOf(IllegalArgumentException.class);
  }
}
