package dev.bulwark.enforce;

import java.util.ArrayList;
import java.util.List;

/** Host paths as dockerd and the kernel read them in requests. */
public final class HostPaths {
  /** Where a Docker Engine's API socket is; binding it, or a directory above it, exposes the Engine. */
  private static final List<String> DOCKER_SOCKETS = List.of("/var/run/docker.sock", "/run/docker.sock");

  private HostPaths() {}

  /** Go's path.Clean: no empty, "." or ".." elements ({@code //var/./run/} is {@code /var/run}). */
  public static String clean(String path) {
    if (path.isEmpty()) {
      return path;
    }
    List<String> parts = new ArrayList<>();
    for (String element : path.split("/")) {
      if (element.isEmpty() || element.equals(".")) {
        continue;
      }
      if (element.equals("..")) {
        if (!parts.isEmpty()) {
          parts.removeLast();
        }
        continue;
      }
      parts.add(element);
    }
    return path.startsWith("/") ? "/" + String.join("/", parts) : String.join("/", parts);
  }

  /** The socket itself, a directory above it, or any path naming docker.sock. */
  public static boolean exposesDockerSocket(String path) {
    if (path.endsWith("/docker.sock")) {
      return true;
    }
    return DOCKER_SOCKETS.stream().anyMatch(socket -> socket.startsWith(path.endsWith("/") ? path : path + "/"));
  }
}
