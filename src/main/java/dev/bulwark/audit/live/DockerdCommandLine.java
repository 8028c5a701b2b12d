package dev.bulwark.audit.live;

import dev.bulwark.image.docker.DockerHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of the dockerd behind an Engine, from /proc/PID/cmdline. The Engine API does not
 * name its process, so every process whose comm is {@code dockerd} is a candidate, and the one that
 * listens where the client connects ({@code -H}, the default socket when none is given) and keeps
 * the data root the Engine reports is taken.
 *
 * @param flags by long name without dashes ({@code host}, {@code iptables}), each occurrence's value;
 *     a boolean flag given bare reads {@code true}
 */
record DockerdCommandLine(int pid, List<String> arguments, Map<String, List<String>> flags) {
  /** A command line is at most a few KiB; Linux allows 2 MiB of arguments and environment. */
  static final int MAX_CMDLINE_BYTES = 2 << 20;
  /** comm is 16 bytes. */
  static final int MAX_COMM_BYTES = 64;

  /** pflag booleans: never take the next argument as their value. */
  static final Set<String> BOOLEAN_FLAGS = Set.of("debug", "experimental", "icc", "init", "ip-forward", "ip-masq",
      "ip6tables", "ipv6", "iptables", "live-restore", "no-new-privileges", "raw-logs", "selinux-enabled", "tls",
      "tlsverify", "userland-proxy", "validate", "version", "help", "rootless", "disable-legacy-registry",
      "ip-forward-no-drop", "allow-direct-routing");
  /** dockerd's one-letter flags. */
  static final Map<String, String> SHORT = Map.of("H", "host", "D", "debug", "G", "group", "b", "bridge",
      "l", "log-level", "p", "pidfile", "s", "storage-driver", "g", "data-root", "v", "version", "h", "help");

  DockerdCommandLine {
    arguments = List.copyOf(arguments);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    flags.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    flags = java.util.Collections.unmodifiableMap(copy);
  }

  Optional<String> last(String flag) {
    List<String> values = flags.getOrDefault(flag, List.of());
    return values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
  }

  List<String> all(String flag) {
    return flags.getOrDefault(flag, List.of());
  }

  /** {@code true}/{@code false} of a boolean flag given bare or as {@code --flag=false}. */
  Optional<Boolean> bool(String flag) {
    return last(flag).map(v -> !v.equalsIgnoreCase("false") && !v.equals("0"));
  }

  /** Parses arguments after the program name. */
  static DockerdCommandLine parse(int pid, List<String> arguments) {
    Map<String, List<String>> flags = new LinkedHashMap<>();
    for (int i = 1; i < arguments.size(); i++) {
      String arg = arguments.get(i);
      String name;
      Optional<String> value = Optional.empty();
      if (arg.startsWith("--")) {
        String body = arg.substring(2);
        int eq = body.indexOf('=');
        name = eq < 0 ? body : body.substring(0, eq);
        if (eq >= 0) {
          value = Optional.of(body.substring(eq + 1));
        }
      } else if (arg.startsWith("-") && arg.length() >= 2) {
        String letter = arg.substring(1, 2);
        name = SHORT.getOrDefault(letter, letter);
        String rest = arg.substring(2);
        if (!rest.isEmpty()) {
          value = Optional.of(rest.startsWith("=") ? rest.substring(1) : rest);
        }
      } else {
        continue; // a stray operand: dockerd takes none
      }
      if (value.isEmpty()) {
        if (BOOLEAN_FLAGS.contains(name)) {
          value = Optional.of("true");
        } else if (i + 1 < arguments.size()) {
          value = Optional.of(arguments.get(++i));
        } else {
          value = Optional.of("");
        }
      }
      flags.computeIfAbsent(name, k -> new ArrayList<>()).add(value.orElseThrow());
    }
    return new DockerdCommandLine(pid, arguments, flags);
  }

  /**
   * Finds the dockerd serving {@code engine}. {@code dataRoot} is the Engine's DockerRootDir, to tell
   * apart engines sharing a socket name. Empty when there is none, or when several fit equally.
   */
  static Optional<DockerdCommandLine> find(HostFs fs, DockerHost engine, Optional<String> dataRoot) {
    List<DockerdCommandLine> candidates = new ArrayList<>();
    for (String entry : fs.list("/proc")) {
      if (!entry.chars().allMatch(Character::isDigit) || entry.length() > 9) {
        continue;
      }
      Optional<String> comm = fs.read("/proc/" + entry + "/comm", MAX_COMM_BYTES).map(String::strip);
      if (comm.isEmpty() || !comm.orElseThrow().equals("dockerd")) {
        continue;
      }
      fs.read("/proc/" + entry + "/cmdline", MAX_CMDLINE_BYTES)
          .filter(c -> !c.isEmpty())
          .map(c -> parse(Integer.parseInt(entry), List.of(c.split("\0"))))
          .ifPresent(candidates::add);
    }
    if (candidates.size() <= 1) {
      return candidates.stream().findFirst();
    }
    int best = -1;
    List<DockerdCommandLine> top = new ArrayList<>();
    for (DockerdCommandLine candidate : candidates) {
      int score = candidate.score(engine, dataRoot);
      if (score > best) {
        best = score;
        top.clear();
      }
      if (score == best) {
        top.add(candidate);
      }
    }
    return top.size() == 1 && best > 0 ? Optional.of(top.getFirst()) : Optional.empty();
  }

  private int score(DockerHost engine, Optional<String> dataRoot) {
    int score = 0;
    List<String> hosts = all("host");
    switch (engine) {
      case DockerHost.Unix unix -> {
        String socket = runPath(unix.socket().toString());
        if (hosts.stream().anyMatch(h -> h.startsWith("unix://") && runPath(h.substring(7)).equals(socket))) {
          score += 4;
        } else if ((hosts.isEmpty() || hosts.stream().anyMatch(h -> h.startsWith("fd://") || h.equals("unix://")))
            && socket.equals("/run/docker.sock")) {
          score += 2;
        }
      }
      case DockerHost.Tcp tcp -> {
        if (hosts.stream().anyMatch(h -> h.startsWith("tcp://") && h.endsWith(":" + tcp.port()))) {
          score += 4;
        }
      }
    }
    String root = last("data-root").or(() -> last("graph")).orElse("/var/lib/docker");
    if (dataRoot.isPresent() && dataRoot.orElseThrow().equals(root)) {
      score += 1;
    }
    return score;
  }

  /** /var/run is a link to /run on every current distribution. */
  private static String runPath(String path) {
    return path.startsWith("/var/run/") ? path.substring(4) : path;
  }
}
