package dev.bulwark.audit.source.compose;

import dev.bulwark.LimitExceededException;
import dev.bulwark.audit.model.ContainerSettings.Port;
import dev.bulwark.audit.source.tree.Cursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Compose's published ports. Short syntax {@code [[HOST_IP:]HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]}
 * (IPv6 addresses in brackets) and the long syntax ({@code target}, {@code published}, {@code host_ip},
 * {@code protocol}). A port published without a host port gets a random one: host port 0.
 */
final class ComposePorts {
  /** Ports one entry may expand to (a range); all of them fit. */
  static final int MAX_PORTS = 65_536;

  private ComposePorts() {}

  static List<Port> read(Cursor entry) {
    if (entry.isMap()) {
      int target = port(entry.get("target").text().orElseThrow(() -> entry.error("a port needs a target")), entry);
      String protocol = entry.get("protocol").textOr("tcp").toLowerCase(Locale.ROOT);
      String hostIp = entry.get("host_ip").textOr("");
      String published = entry.get("published").textOr("");
      return List.of(new Port(target, Optional.of(published.isEmpty() ? 0 : range(published, entry)[0]), hostIp,
          protocol));
    }
    String spec = entry.text().orElseThrow(() -> entry.error("empty port"));
    String protocol = "tcp";
    int slash = spec.lastIndexOf('/');
    if (slash >= 0) {
      protocol = spec.substring(slash + 1).toLowerCase(Locale.ROOT);
      spec = spec.substring(0, slash);
    }
    String hostIp = "";
    if (spec.startsWith("[")) {
      int close = spec.indexOf(']');
      if (close < 0 || close + 1 >= spec.length() || spec.charAt(close + 1) != ':') {
        throw entry.error("malformed port \"" + spec + "\"");
      }
      hostIp = spec.substring(1, close);
      spec = spec.substring(close + 2);
    }
    String[] parts = spec.split(":", -1);
    String host = "";
    String container;
    if (parts.length == 1) {
      container = parts[0];
    } else if (parts.length == 2) {
      host = parts[0];
      container = parts[1];
    } else {
      hostIp = String.join(":", java.util.Arrays.copyOf(parts, parts.length - 2));
      host = parts[parts.length - 2];
      container = parts[parts.length - 1];
    }
    int[] containerRange = range(container, entry);
    int[] hostRange = host.isEmpty() ? null : range(host, entry);
    int count = containerRange[1] - containerRange[0] + 1;
    if (count > MAX_PORTS) {
      throw new LimitExceededException(entry.toString(), "ports", MAX_PORTS);
    }
    boolean pairwise = hostRange != null && hostRange[1] - hostRange[0] + 1 == count;
    List<Port> result = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int hostPort = hostRange == null ? 0 : pairwise ? hostRange[0] + i : hostRange[0];
      result.add(new Port(containerRange[0] + i, Optional.of(hostPort), hostIp, protocol));
    }
    return result;
  }

  private static int[] range(String text, Cursor at) {
    int dash = text.indexOf('-');
    int start = port(dash < 0 ? text : text.substring(0, dash), at);
    int end = dash < 0 ? start : port(text.substring(dash + 1), at);
    if (end < start) {
      throw at.error("malformed port range \"" + text + "\"");
    }
    return new int[] {start, end};
  }

  private static int port(String text, Cursor at) {
    try {
      int port = Integer.parseInt(text.strip());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw at.error("malformed port \"" + text + "\"");
    }
  }
}
