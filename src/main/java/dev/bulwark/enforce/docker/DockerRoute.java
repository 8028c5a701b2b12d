package dev.bulwark.enforce.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an Engine API request does, read from its method and URI as dockerd's router reads them:
 * the path percent-decoded once (so {@code containers%2Fcreate} is {@code containers/create}),
 * cleaned of empty, {@code .} and {@code ..} segments, an optional {@code /vX.Y} prefix split off;
 * the query string is not part of the match but kept.
 *
 * @param action {@code container.create}, {@code exec.create}, … (see {@link dev.bulwark.enforce.GuardRequest})
 * @param target the container, image or plugin named in the path, when there is one
 * @param apiVersion the version prefix, when there is one
 * @param malformed why the URI could not be read (a bad percent escape), if so
 */
public record DockerRoute(String action, String path, Optional<String> target, Optional<String> apiVersion,
    Map<String, List<String>> query, Optional<String> malformed) {
  public static final String CONTAINER_CREATE = "container.create";
  public static final String CONTAINER_START = "container.start";
  public static final String CONTAINER_UPDATE = "container.update";
  public static final String EXEC_CREATE = "exec.create";
  public static final String IMAGE_PULL = "image.pull";
  public static final String IMAGE_PUSH = "image.push";
  public static final String PLUGIN_INSTALL = "plugin.install";
  public static final String PLUGIN_CHANGE = "plugin.change";
  public static final String VOLUME_CREATE = "volume.create";
  public static final String NETWORK_CREATE = "network.create";
  public static final String OTHER = "other";

  private static final Pattern VERSION = Pattern.compile("/v([0-9.]+)(/.*)?");
  private static final Pattern CONTAINER_OP = Pattern.compile("/containers/(.+)/(exec|start|update)");
  private static final Pattern IMAGE_PUSH_PATH = Pattern.compile("/images/(.+)/push");
  private static final Pattern PLUGIN_OP = Pattern.compile("/plugins/(.+)/(enable|disable|set|upgrade)");
  private static final Pattern PLUGIN = Pattern.compile("/plugins/(.+)");

  public DockerRoute {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    query.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    query = java.util.Collections.unmodifiableMap(copy);
  }

  /** The first value of a query parameter, as Go's {@code Form.Get}. */
  public Optional<String> param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  public static DockerRoute classify(String method, String requestUri) {
    int question = requestUri.indexOf('?');
    String rawPath = question >= 0 ? requestUri.substring(0, question) : requestUri;
    String rawQuery = question >= 0 ? requestUri.substring(question + 1) : "";
    Map<String, List<String>> query = new LinkedHashMap<>();
    Optional<String> malformed = Optional.empty();
    String path;
    try {
      path = dev.bulwark.enforce.HostPaths.clean("/" + percentDecode(rawPath, false));
      parseQuery(rawQuery, query);
    } catch (IllegalArgumentException e) {
      return new DockerRoute(OTHER, rawPath, Optional.empty(), Optional.empty(), query,
          Optional.of("malformed request URI: " + e.getMessage()));
    }
    Optional<String> version = Optional.empty();
    Matcher v = VERSION.matcher(path);
    if (v.matches()) {
      version = Optional.of(v.group(1));
      path = v.group(2) == null ? "/" : v.group(2);
    }
    String action = OTHER;
    Optional<String> target = Optional.empty();
    Matcher m;
    if (method.equals("POST")) {
      if (path.equals("/containers/create")) {
        action = CONTAINER_CREATE;
      } else if ((m = CONTAINER_OP.matcher(path)).matches()) {
        target = Optional.of(m.group(1));
        action = switch (m.group(2)) {
          case "exec" -> EXEC_CREATE;
          case "start" -> CONTAINER_START;
          default -> CONTAINER_UPDATE;
        };
      } else if (path.equals("/images/create")) {
        action = query.containsKey("fromImage") && !query.get("fromImage").getFirst().isEmpty() ? IMAGE_PULL : OTHER;
      } else if ((m = IMAGE_PUSH_PATH.matcher(path)).matches()) {
        action = IMAGE_PUSH;
        target = Optional.of(m.group(1));
      } else if (path.equals("/plugins/pull") || path.equals("/plugins/create")) {
        action = PLUGIN_INSTALL;
      } else if ((m = PLUGIN_OP.matcher(path)).matches()) {
        action = PLUGIN_CHANGE;
        target = Optional.of(m.group(1));
      } else if (path.equals("/volumes/create")) {
        action = VOLUME_CREATE;
      } else if (path.equals("/networks/create")) {
        action = NETWORK_CREATE;
      }
    } else if (method.equals("DELETE") && (m = PLUGIN.matcher(path)).matches()) {
      action = PLUGIN_CHANGE;
      target = Optional.of(m.group(1));
    }
    return new DockerRoute(action, path, target, version, query, malformed);
  }

  /** Whether the API version prefix names a version before {@code major.minor}. */
  public boolean versionBefore(int major, int minor) {
    if (apiVersion.isEmpty()) {
      return false;
    }
    String[] parts = apiVersion.orElseThrow().split("\\.");
    try {
      int a = parts.length > 0 && !parts[0].isEmpty() ? Integer.parseInt(parts[0]) : 0;
      int b = parts.length > 1 && !parts[1].isEmpty() ? Integer.parseInt(parts[1]) : 0;
      return a < major || (a == major && b < minor);
    } catch (NumberFormatException e) {
      return true; // unreadable: assume the oldest behaviour
    }
  }

  /** Go's url.PathUnescape (plus=false) or QueryUnescape (plus=true). */
  static String percentDecode(String s, boolean plus) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '%') {
        if (i + 2 >= bytes.length || Character.digit(bytes[i + 1], 16) < 0 || Character.digit(bytes[i + 2], 16) < 0) {
          throw new IllegalArgumentException("invalid escape at " + i);
        }
        out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
        i += 2;
      } else if (b == '+' && plus) {
        out.write(' ');
      } else {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void parseQuery(String rawQuery, Map<String, List<String>> into) {
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = percentDecode(eq >= 0 ? pair.substring(0, eq) : pair, true);
      String value = eq >= 0 ? percentDecode(pair.substring(eq + 1), true) : "";
      into.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
  }
}
