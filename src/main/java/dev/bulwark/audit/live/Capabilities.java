package dev.bulwark.audit.live;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Linux capabilities by number (linux/capability.h), the set Docker grants by default, and the
 * decoding of the hex masks of /proc/PID/status. Names carry no {@code CAP_} prefix.
 */
final class Capabilities {
  /** Index = capability number, up to CAP_CHECKPOINT_RESTORE (Linux 5.9). */
  static final List<String> NAMES = List.of(
      "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
      "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
      "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
      "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
      "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
      "CHECKPOINT_RESTORE");

  /** What Docker (moby oci/caps/defaults.go) gives a container that adds and drops nothing. */
  static final List<String> DOCKER_DEFAULT = List.of(
      "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE",
      "NET_RAW", "SYS_CHROOT", "MKNOD", "AUDIT_WRITE", "SETFCAP");

  private Capabilities() {}

  /**
   * The names of the bits set in a {@code CapEff}-style mask (16 hex digits); a bit this table does
   * not know is named by its number ({@code CAP_41}) so that it is not lost.
   */
  static List<String> decode(String hex) {
    String digits = hex.trim();
    if (digits.isEmpty() || digits.length() > 16 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("not a capability mask: '" + hex + "'");
    }
    long mask = Long.parseUnsignedLong(digits, 16);
    List<String> names = new ArrayList<>();
    for (int bit = 0; bit < 64; bit++) {
      if ((mask & (1L << bit)) != 0) {
        names.add(bit < NAMES.size() ? NAMES.get(bit) : "CAP_" + bit);
      }
    }
    return names;
  }

  /** {@code cap_sys_admin}, {@code CAP_SYS_ADMIN} and {@code SYS_ADMIN} all read {@code SYS_ADMIN}. */
  static String normalize(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    return upper.startsWith("CAP_") ? upper.substring(4) : upper;
  }

  /**
   * Docker's effective set: every capability when privileged, else the default set minus the drops
   * plus the adds, in capability-number order; as moby's TweakCapabilities, adding {@code ALL} gives
   * every capability but the drops, and dropping {@code ALL} leaves only the adds.
   */
  static List<String> effective(boolean privileged, Collection<String> add, Collection<String> drop) {
    if (privileged) {
      return NAMES;
    }
    Set<String> adds = normalized(add);
    Set<String> drops = normalized(drop);
    Set<String> result = new LinkedHashSet<>();
    if (adds.contains("ALL")) {
      result.addAll(NAMES);
      result.removeAll(drops);
    } else {
      if (!drops.contains("ALL")) {
        result.addAll(DOCKER_DEFAULT);
        result.removeAll(drops);
      }
      result.addAll(adds);
    }
    return ordered(result);
  }

  /** Known names first in number order, then any others alphabetically. */
  static List<String> ordered(Collection<String> names) {
    List<String> out = new ArrayList<>();
    for (String known : NAMES) {
      if (names.contains(known)) {
        out.add(known);
      }
    }
    names.stream().filter(n -> !NAMES.contains(n)).sorted().forEach(out::add);
    return out;
  }

  private static Set<String> normalized(Collection<String> names) {
    Set<String> out = new LinkedHashSet<>();
    names.forEach(n -> out.add(normalize(n)));
    return out;
  }
}
