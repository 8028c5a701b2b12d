package dev.bulwark.image.registry;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.image.Digest;
import dev.bulwark.image.DigestMismatchException;
import dev.bulwark.image.ImageDocuments;
import dev.bulwark.image.MediaTypes;
import dev.bulwark.io.Bounded;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET /v2/<name>/manifests/<reference>}: a manifest or an index, bounded by
 * {@link ImageDocuments#MAX_MANIFEST_BYTES}. A digest reference must match the body's hash; for a
 * tag, the body's hash is the digest, and a {@code Docker-Content-Digest} header that disagrees
 * is an error.
 */
final class ManifestPull implements RegistryOperation<ManifestPull.Pulled> {
  /** The verified bytes of a manifest or index and what the registry said they are. */
  record Pulled(byte[] bytes, String mediaType, Digest digest) {}

  private final String repository;
  private final String reference;
  private final Optional<Digest> expected;
  private final String input;

  /**
   * @param reference a tag, or a digest's text
   * @param expected the digest the bytes must have, when the reference pins one
   * @param input names the registry and repository in messages
   */
  ManifestPull(String repository, String reference, Optional<Digest> expected, String input) {
    this.repository = repository;
    this.reference = reference;
    this.expected = expected;
    this.input = input;
  }

  @Override
  public String path() {
    return "/v2/" + repository + "/manifests/" + reference;
  }

  @Override
  public String accept() {
    return MediaTypes.ACCEPT_ANY_MANIFEST;
  }

  @Override
  public String what() {
    return "manifest '" + reference + "'";
  }

  @Override
  public String notFound() {
    return "manifest unknown: no image '" + reference + "'";
  }

  @Override
  public Pulled handle(HttpResponse<InputStream> response) throws IOException {
    String what = input + ": " + what();
    OptionalLong length = response.headers().firstValueAsLong("Content-Length");
    if (length.isPresent() && length.getAsLong() > ImageDocuments.MAX_MANIFEST_BYTES) {
      throw new LimitExceededException(what, "size", ImageDocuments.MAX_MANIFEST_BYTES);
    }
    byte[] bytes = Bounded.readAll(response.body(), ImageDocuments.MAX_MANIFEST_BYTES, what);
    String mediaType = response.headers().firstValue("Content-Type")
        .map(type -> type.split(";", 2)[0].trim()).orElse("");
    if (expected.isPresent()) {
      check(bytes, expected.orElseThrow(), what);
    }
    Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
    if (header.isPresent()) {
      Digest claimed;
      try {
        claimed = Digest.parse(header.orElseThrow().trim());
      } catch (InputException e) {
        throw new InputException(what + ": malformed Docker-Content-Digest header: " + e.getMessage());
      }
      check(bytes, claimed, what + " (the registry's Docker-Content-Digest)");
    }
    return new Pulled(bytes, mediaType, expected.orElseGet(() -> Digest.sha256(bytes)));
  }

  private static void check(byte[] bytes, Digest digest, String what) {
    byte[] computed = digest.newHasher().digest(bytes);
    if (!digest.matches(computed)) {
      throw new DigestMismatchException(what, digest, Digest.of(digest.algorithm(), computed).toString());
    }
  }
}
