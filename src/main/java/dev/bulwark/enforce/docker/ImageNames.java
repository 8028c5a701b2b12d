package dev.bulwark.enforce.docker;

import java.util.Locale;

/** The registry an image reference names, as the docker CLI normalizes it. */
public final class ImageNames {
  public static final String DOCKER_HUB = "docker.io";

  private ImageNames() {}

  /**
   * {@code alpine} and {@code library/alpine} are Docker Hub's; a first component with a dot or a
   * colon, or {@code localhost}, is a registry host.
   */
  public static String registry(String reference) {
    int slash = reference.indexOf('/');
    if (slash < 0) {
      return DOCKER_HUB;
    }
    String first = reference.substring(0, slash);
    if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
      String host = first.toLowerCase(Locale.ROOT);
      return host.equals("index.docker.io") || host.equals("registry-1.docker.io") ? DOCKER_HUB : host;
    }
    return DOCKER_HUB;
  }
}
