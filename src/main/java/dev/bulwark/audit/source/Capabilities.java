package dev.bulwark.audit.source;

import dev.bulwark.audit.model.ContainerSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Linux capabilities as container runtimes compute them: a default set, plus what is added, minus
 * what is dropped, with {@code ALL} honoured, and every capability for a privileged container.
 * Names are upper case without the {@code CAP_} prefix, in the kernel's numbering order.
 */
public final class Capabilities {
  /** Every capability the kernel defines, by number (0 = CHOWN … 40 = CHECKPOINT_RESTORE, Linux 5.9). */
  public static final List<String> ALL = List.of(
      "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
      "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
      "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
      "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
      "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
      "CHECKPOINT_RESTORE");

  /**
   * The set Docker (moby's {@code oci/caps.DefaultCapabilities}) and containerd's CRI plugin give a
   * container unless told otherwise; Kubernetes on containerd or CRI-O (before 1.18's trim) starts from it too.
   */
  public static final List<String> RUNTIME_DEFAULT = List.of(
      "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE",
      "NET_RAW", "SYS_CHROOT", "MKNOD", "AUDIT_WRITE", "SETFCAP");

  private Capabilities() {}

  /** {@code cap_sys_admin}, {@code CAP_SYS_ADMIN} and {@code sys_admin} all read as {@code SYS_ADMIN}. */
  public static String normalize(String name) {
    String upper = name.strip().toUpperCase(Locale.ROOT);
    return upper.startsWith("CAP_") ? upper.substring(4) : upper;
  }

  public static List<String> normalize(List<String> names) {
    Set<String> result = new LinkedHashSet<>();
    for (String name : names) {
      if (!name.isBlank()) {
        result.add(normalize(name));
      }
    }
    return List.copyOf(result);
  }

  /**
   * The capabilities a container gets, as moby's {@code TweakCapabilities} decides: privileged gets
   * every capability; {@code add: [ALL]} gives all but those dropped; {@code drop: [ALL]} leaves only
   * those added; otherwise the defaults minus drops plus adds (an add wins over a drop of the same).
   * Unknown names stay in {@code add}/{@code drop} as written but grant nothing.
   */
  public static ContainerSettings.Capabilities compute(List<String> defaults, List<String> add, List<String> drop,
      boolean privileged) {
    List<String> adds = normalize(add);
    List<String> drops = normalize(drop);
    Set<String> effective = new LinkedHashSet<>();
    if (privileged || adds.contains("ALL")) {
      for (String cap : ALL) {
        if (privileged || !drops.contains(cap)) {
          effective.add(cap);
        }
      }
    } else {
      if (!drops.contains("ALL")) {
        for (String cap : normalize(defaults)) {
          if (!drops.contains(cap)) {
            effective.add(cap);
          }
        }
      }
      effective.addAll(adds);
    }
    return new ContainerSettings.Capabilities(adds, drops, ordered(effective));
  }

  /**
   * The capabilities of a mask as /proc/PID/status writes it ({@code CapEff: 00000000a80425fb}, 16 hex
   * digits); a bit the kernel numbering above does not name reads {@code CAP_41}, so that it is not lost.
   *
   * @throws IllegalArgumentException when {@code hex} is not such a mask
   */
  public static List<String> fromHex(String hex) {
    String digits = hex.strip();
    if (digits.isEmpty() || digits.length() > 16 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("not a capability mask: '" + hex + "'");
    }
    return fromMask(Long.parseUnsignedLong(digits, 16));
  }

  /** The capabilities of a kernel bit mask ({@code CapEff} of /proc/PID/status, in hex there). */
  public static List<String> fromMask(long mask) {
    List<String> result = new ArrayList<>();
    for (int bit = 0; bit < ALL.size(); bit++) {
      if ((mask & (1L << bit)) != 0) {
        result.add(ALL.get(bit));
      }
    }
    for (int bit = ALL.size(); bit < 64; bit++) {
      if ((mask & (1L << bit)) != 0) {
        result.add("CAP_" + bit);
      }
    }
    return result;
  }

  /** Known capabilities in kernel order; unknown names dropped. */
  public static List<String> ordered(Set<String> names) {
    List<String> result = new ArrayList<>();
    for (String cap : ALL) {
      if (names.contains(cap)) {
        result.add(cap);
      }
    }
    return result;
  }
}
