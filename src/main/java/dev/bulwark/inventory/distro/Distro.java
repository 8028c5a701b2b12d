package dev.bulwark.inventory.distro;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The distribution an image is built on, in os-release terms.
 *
 * @param id the os-release {@code ID}, lower case ({@code debian}, {@code rhel}, {@code amzn})
 * @param versionId the os-release {@code VERSION_ID} ({@code 12}, {@code 3.18.4}, {@code 22.04}), or
 *     what stands for it ({@code trixie/sid} on Debian testing); empty when nothing says
 * @param name the os-release {@code NAME}
 * @param prettyName the os-release {@code PRETTY_NAME}
 * @param codename the release's code name ({@code bookworm}, {@code jammy}), when one is given
 * @param branch the package repository branch, for distributions that have one (Alpine's
 *     {@code v3.18} or {@code edge})
 */
public record Distro(
    String id, String versionId, String name, String prettyName, Optional<String> codename, Optional<String> branch) {

  /**
   * Package URL namespaces of the ids whose namespace is not the id itself, following the purl-spec
   * examples and Trivy's and Syft's practice ({@code pkg:rpm/redhat/…}, {@code pkg:rpm/amazon/…}).
   * Every other id, known or not, is its own namespace.
   */
  private static final Map<String, String> PURL_NAMESPACES = Map.ofEntries(
      Map.entry("rhel", "redhat"),
      Map.entry("amzn", "amazon"),
      Map.entry("ol", "oracle"),
      Map.entry("opensuse-leap", "opensuse"),
      Map.entry("opensuse-tumbleweed", "opensuse"),
      Map.entry("opensuse-leap-micro", "opensuse"),
      Map.entry("sles", "suse"),
      Map.entry("sles_sap", "suse"),
      Map.entry("sled", "suse"),
      Map.entry("sle-micro", "suse"),
      Map.entry("sle-micro-rancher", "suse"),
      Map.entry("sl-micro", "suse"));

  public Distro {
    if (id.isBlank()) {
      throw new IllegalArgumentException("distribution without an id");
    }
    if (!id.equals(id.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("distribution id must be lower case: " + id);
    }
  }

  /** The Package URL namespace of this distribution's OS packages: {@code pkg:deb/<namespace>/…}. */
  public String purlNamespace() {
    return PURL_NAMESPACES.getOrDefault(id, id);
  }

  /**
   * The Package URL {@code distro} qualifier, {@code <id>-<versionId>} as Syft writes it
   * ({@code debian-12}, {@code alpine-3.18.4}, {@code almalinux-9.2}), or the id alone when there
   * is no version.
   */
  public String purlDistro() {
    return versionId.isEmpty() ? id : id + "-" + versionId;
  }
}
