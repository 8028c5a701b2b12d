package dev.bulwark.vuln.suppress;

import dev.bulwark.image.Digest;
import dev.bulwark.inventory.ImageSummary;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The names a scanned image answers to, for VEX products that speak of the image itself: its
 * manifest and config digests, and the repositories and tags it was pulled or saved under. A
 * product names the image when it is one of those digests, an image reference ending in one
 * ({@code ghcr.io/x/y@sha256:…}), or an {@code oci} Package URL whose digest, or else whose name
 * (and {@code repository_url} and {@code tag} when given), fits.
 */
final class ImageIdentity {
  private static final String[] DOCKER_HUB = {"docker.io/", "index.docker.io/", "registry-1.docker.io/"};

  private final Set<String> digests = new HashSet<>();
  private final Set<String> repositories = new HashSet<>();
  private final Set<String> names = new HashSet<>();
  private final Set<String> tags = new HashSet<>();

  ImageIdentity(ImageSummary image) {
    image.manifestDigest().map(Digest::toString).ifPresent(digests::add);
    image.configDigest().map(Digest::toString).ifPresent(digests::add);
    image.repoTags().forEach(this::addReference);
    image.repoDigests().forEach(this::addReference);
    String name = image.name();
    for (String local : new String[] {"docker-archive:", "oci-archive:", "oci:", "dir:"}) {
      if (name.startsWith(local)) {
        return; // a file name says nothing about the image
      }
    }
    for (String transport : new String[] {"docker:", "docker-daemon:", "registry:"}) {
      if (name.startsWith(transport)) {
        name = name.substring(transport.length());
        break;
      }
    }
    addReference(name);
  }

  /** Whether a product's {@code @id} or identifier names this image. */
  boolean isNamedBy(String identifier) {
    String id = identifier.strip();
    if (Digest.isDigest(id)) {
      return digests.contains(id.toLowerCase(Locale.ROOT));
    }
    if (id.startsWith("pkg:")) {
      return PurlPattern.parse(id).filter(p -> p.type().equals("oci")).map(this::matchesOci).orElse(false);
    }
    int at = id.lastIndexOf('@');
    return at > 0 && Digest.isDigest(id.substring(at + 1)) && digests.contains(id.substring(at + 1).toLowerCase(Locale.ROOT));
  }

  private boolean matchesOci(PurlPattern purl) {
    if (purl.version().isPresent()) {
      return digests.contains(purl.version().orElseThrow().toLowerCase(Locale.ROOT));
    }
    if (!names.contains(purl.name())) {
      return false;
    }
    String repository = purl.qualifiers().get("repository_url");
    if (repository != null && !repositories.contains(normalizeRepository(repository))) {
      return false;
    }
    String tag = purl.qualifiers().get("tag");
    return tag == null || tags.contains(tag);
  }

  private void addReference(String reference) {
    String rest = reference;
    int at = rest.indexOf('@');
    if (at >= 0) {
      String digest = rest.substring(at + 1);
      if (Digest.isDigest(digest)) {
        digests.add(digest.toLowerCase(Locale.ROOT));
      }
      rest = rest.substring(0, at);
    }
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tags.add(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
    }
    if (rest.isEmpty()) {
      return;
    }
    String repository = normalizeRepository(rest);
    repositories.add(repository);
    names.add(repository.substring(repository.lastIndexOf('/') + 1));
  }

  private static String normalizeRepository(String repository) {
    String text = repository.toLowerCase(Locale.ROOT);
    for (String hub : DOCKER_HUB) {
      if (text.startsWith(hub)) {
        text = text.substring(hub.length());
        break;
      }
    }
    return text.startsWith("library/") ? text.substring("library/".length()) : text;
  }
}
