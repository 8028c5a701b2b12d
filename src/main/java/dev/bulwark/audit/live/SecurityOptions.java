package dev.bulwark.audit.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container's {@code HostConfig.SecurityOpt}: {@code seccomp=unconfined} (or the profile's JSON,
 * which the CLI sends in place of its file name), {@code apparmor=PROFILE}, {@code label=…} for
 * SELinux, {@code no-new-privileges[=true|false]}; the old {@code key:value} form is read too.
 *
 * @param seccomp {@code unconfined}, {@code custom} for a profile given in full; empty: the default
 */
record SecurityOptions(Optional<String> seccomp, Optional<String> apparmor, List<String> selinux,
    Optional<Boolean> noNewPrivileges) {
  SecurityOptions {
    selinux = List.copyOf(selinux);
  }

  static SecurityOptions parse(List<String> options) {
    Optional<String> seccomp = Optional.empty();
    Optional<String> apparmor = Optional.empty();
    List<String> selinux = new ArrayList<>();
    Optional<Boolean> noNewPrivileges = Optional.empty();
    for (String option : options) {
      if (option.equals("no-new-privileges")) {
        noNewPrivileges = Optional.of(true);
        continue;
      }
      int eq = option.indexOf('=');
      int colon = option.indexOf(':');
      int cut = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
      if (cut < 0) {
        continue;
      }
      String key = option.substring(0, cut);
      String value = option.substring(cut + 1);
      switch (key) {
        case "seccomp" -> seccomp = Optional.of(value.strip().startsWith("{") ? "custom" : value);
        case "apparmor" -> apparmor = Optional.of(value);
        case "label" -> selinux.add(value);
        case "no-new-privileges" -> noNewPrivileges = Optional.of(!value.equals("false"));
        default -> {
          // systempaths=unconfined and others are read elsewhere or not at all
        }
      }
    }
    return new SecurityOptions(seccomp, apparmor, selinux, noNewPrivileges);
  }
}
