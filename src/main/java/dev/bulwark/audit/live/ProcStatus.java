package dev.bulwark.audit.live;

import dev.bulwark.audit.source.Capabilities;
import java.util.List;
import java.util.Optional;

/**
 * What /proc/PID/status says about a process's privileges.
 *
 * @param uid the effective user id (second field of {@code Uid:})
 * @param seccompMode {@code disabled}, {@code strict} or {@code filter}; a kernel without seccomp
 *     shows no {@code Seccomp:} line, which reads as disabled
 */
record ProcStatus(List<String> capEffective, List<String> capBounding, boolean noNewPrivs, String seccompMode,
    Optional<Long> uid, Optional<Long> gid) {
  /** status is a few KiB; the bound leaves room for long group lists. */
  static final int MAX_BYTES = 256 * 1024;

  ProcStatus {
    capEffective = List.copyOf(capEffective);
    capBounding = List.copyOf(capBounding);
  }

  /** Parses the text of a status file; {@code what} names it in errors. */
  static ProcStatus parse(String text, String what) {
    String capEff = null;
    String capBnd = null;
    boolean noNewPrivs = false;
    String seccomp = "disabled";
    Optional<Long> uid = Optional.empty();
    Optional<Long> gid = Optional.empty();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "CapEff" -> capEff = value;
        case "CapBnd" -> capBnd = value;
        case "NoNewPrivs" -> noNewPrivs = value.equals("1");
        case "Seccomp" -> seccomp = switch (value) {
          case "0" -> "disabled";
          case "1" -> "strict";
          case "2" -> "filter";
          default -> throw new dev.bulwark.InputException(what + ": unknown Seccomp mode '" + value + "'");
        };
        case "Uid" -> uid = second(value, what);
        case "Gid" -> gid = second(value, what);
        default -> {
          // other fields are not about privileges
        }
      }
    }
    if (capEff == null || capBnd == null) {
      throw new dev.bulwark.InputException(what + ": no CapEff or CapBnd line");
    }
    try {
      return new ProcStatus(Capabilities.fromHex(capEff), Capabilities.fromHex(capBnd), noNewPrivs, seccomp, uid, gid);
    } catch (IllegalArgumentException e) {
      throw new dev.bulwark.InputException(what + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Long> second(String value, String what) {
    String[] ids = value.split("\\s+");
    if (ids.length < 2 || !ids[1].matches("[0-9]{1,10}")) {
      throw new dev.bulwark.InputException(what + ": malformed id line '" + value + "'");
    }
    return Optional.of(Long.parseLong(ids[1]));
  }
}
