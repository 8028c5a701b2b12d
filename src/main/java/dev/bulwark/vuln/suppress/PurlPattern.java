package dev.bulwark.vuln.suppress;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Package URL a user wrote to name packages: it matches a package's own URL when type, namespace
 * and name agree, and the version and every qualifier it gives agree too (what it leaves out
 * matches anything). Names compare the way registries treat them: case-insensitively, and PyPI's
 * {@code -_.} runs as one. An epoch written into the version ({@code 1:1.2.13}) matches a package
 * URL that carries it as the {@code epoch} qualifier.
 */
public record PurlPattern(String type, String namespace, String name, Optional<String> version,
    Map<String, String> qualifiers, Optional<String> subpath, String text) {
  public PurlPattern {
    qualifiers = Map.copyOf(qualifiers);
  }

  /** Parses {@code text}, or empty when it is not a Package URL. */
  public static Optional<PurlPattern> parse(String text) {
    if (!text.startsWith("pkg:")) {
      return Optional.empty();
    }
    try {
      PackageURL purl = new PackageURL(text);
      String type = purl.getType().toLowerCase(Locale.ROOT);
      Map<String, String> qualifiers = purl.getQualifiers() == null ? Map.of() : new TreeMap<>(purl.getQualifiers());
      return Optional.of(new PurlPattern(type, normalize(type, purl.getNamespace()), normalize(type, purl.getName()),
          Optional.ofNullable(purl.getVersion()).filter(v -> !v.isEmpty()), qualifiers,
          Optional.ofNullable(purl.getSubpath()).filter(s -> !s.isEmpty()), text));
    } catch (MalformedPackageURLException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether the package with Package URL {@code purl} is one this pattern names. */
  public boolean matches(String purl) {
    return parse(purl).filter(this::matches).isPresent();
  }

  boolean matches(PurlPattern pkg) {
    if (!type.equals(pkg.type) || !namespace.equals(pkg.namespace) || !name.equals(pkg.name)) {
      return false;
    }
    boolean epochInVersion = version.isPresent() && version.orElseThrow().contains(":");
    if (version.isPresent() && !version.orElseThrow().equals(pkg.versionWithEpoch(epochInVersion))) {
      return false;
    }
    for (Map.Entry<String, String> qualifier : qualifiers.entrySet()) {
      if (!qualifier.getValue().equals(pkg.qualifiers.get(qualifier.getKey()))) {
        return false;
      }
    }
    return subpath.isEmpty() || subpath.equals(pkg.subpath);
  }

  private String versionWithEpoch(boolean withEpoch) {
    String plain = version.orElse("");
    String epoch = qualifiers.get("epoch");
    return withEpoch && epoch != null && !plain.contains(":") ? epoch + ":" + plain : plain;
  }

  private static String normalize(String type, String part) {
    if (part == null) {
      return "";
    }
    String lower = part.toLowerCase(Locale.ROOT);
    return type.equals("pypi") ? lower.replaceAll("[-_.]+", "-") : lower;
  }
}
