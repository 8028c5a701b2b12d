package dev.bulwark.image;

import dev.bulwark.UsageException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reference to an image in a registry, normalized the way Docker does it: a missing host is
 * Docker Hub, and a single-component Hub repository lives under {@code library/}.
 */
public record RegistryReference(
    String registry, String repository, Optional<String> tag, Optional<Digest> digest) {
  public static final String DOCKER_HUB = "docker.io";

  private static final Pattern COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern HOST =
      Pattern.compile("(?:\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::[0-9]{1,5})?");

  public RegistryReference {
    if (!HOST.matcher(registry).matches()) {
      throw new UsageException("malformed registry host '" + registry + "'");
    }
    for (String component : repository.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        throw new UsageException("malformed repository name '" + repository + "'");
      }
    }
    if (repository.length() > 255) {
      throw new UsageException("repository name longer than 255 characters");
    }
    tag.ifPresent(
        t -> {
          if (!TAG.matcher(t).matches()) {
            throw new UsageException("malformed tag '" + t + "'");
          }
        });
  }

  /** Parses {@code [host[:port]/]repo[:tag][@digest]}; with neither tag nor digest, tag latest. */
  public static RegistryReference parse(String text) {
    String rest = text;
    Optional<Digest> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        digest = Optional.of(Digest.parse(rest.substring(at + 1)));
      } catch (RuntimeException e) {
        throw new UsageException("malformed digest in image reference '" + text + "'");
      }
      rest = rest.substring(0, at);
    }
    String host = DOCKER_HUB;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
        host = first;
        rest = rest.substring(slash + 1);
      }
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = Optional.of(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
    }
    if (rest.isEmpty()) {
      throw new UsageException("image reference '" + text + "' has no repository");
    }
    if (host.equals(DOCKER_HUB) || host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
      host = DOCKER_HUB;
      if (!rest.contains("/")) {
        rest = "library/" + rest;
      }
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = Optional.of("latest");
    }
    return new RegistryReference(host, rest, tag, digest);
  }

  /** The host to talk HTTP to: Docker Hub's API lives on a different name than its references. */
  public String apiHost() {
    return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }

  /** The digest if pinned, else the tag: what goes after {@code /manifests/}. */
  public String manifestReference() {
    return digest.map(Digest::toString).orElseGet(tag::orElseThrow);
  }

  @Override
  public String toString() {
    return registry + "/" + repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }
}
