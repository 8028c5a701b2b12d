package dev.bulwark.image;

import dev.bulwark.UsageException;
import java.util.Optional;

/** An image platform, {@code os/architecture[/variant]}, as used to pick from a multi-arch index. */
public record Platform(String os, String architecture, Optional<String> variant) {
  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", Optional.empty());

  public Platform {
    if (os.isBlank() || architecture.isBlank()) {
      throw new UsageException("platform needs an os and an architecture, e.g. linux/amd64");
    }
  }

  /** Parses {@code linux/arm64/v8}. */
  public static Platform parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new UsageException("malformed platform '" + text + "': expected os/arch[/variant]");
    }
    return new Platform(
        parts[0], parts[1], parts.length == 3 ? Optional.of(parts[2]) : Optional.empty());
  }

  /**
   * Whether an index entry for {@code candidate} serves this platform. A missing variant on either
   * side matches, as containerd's default matcher does for the common cases (arm64 is v8).
   */
  public boolean accepts(Platform candidate) {
    if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
      return false;
    }
    return variant.isEmpty() || candidate.variant.isEmpty() || variant.equals(candidate.variant);
  }

  @Override
  public String toString() {
    return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
  }
}
