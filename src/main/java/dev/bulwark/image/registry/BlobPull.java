package dev.bulwark.image.registry;

import dev.bulwark.image.Descriptor;
import dev.bulwark.image.Digest;
import dev.bulwark.image.DigestMismatchException;
import dev.bulwark.io.Bounded;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/**
 * {@code GET /v2/<name>/blobs/<digest>}, usually answered with a redirect to storage elsewhere,
 * which the client follows without the registry's credentials. The body streams to a handler;
 * verifying it is the handler's job ({@code LayerBlobs} for layers, {@link #small} for configs).
 */
final class BlobPull<R> implements RegistryOperation<R> {
  /** Reads a blob's body. */
  @FunctionalInterface
  interface Handler<R> {
    R read(InputStream body) throws IOException;
  }

  private final String repository;
  private final Digest digest;
  private final String what;
  private final Handler<R> handler;

  BlobPull(String repository, Digest digest, String what, Handler<R> handler) {
    this.repository = repository;
    this.digest = digest;
    this.what = what;
    this.handler = handler;
  }

  /** A small blob (a config) read whole, at most {@code limit} bytes, and checked against its descriptor. */
  static BlobPull<byte[]> small(String repository, Descriptor descriptor, long limit, String input) {
    String what = "blob " + descriptor.digest();
    return new BlobPull<>(repository, descriptor.digest(), what, body -> {
      byte[] bytes = Bounded.readAll(body, Math.min(limit, descriptor.size()), input + ": " + what);
      byte[] computed = descriptor.digest().newHasher().digest(bytes);
      if (!descriptor.digest().matches(computed)) {
        throw new DigestMismatchException(input + ": " + what, descriptor.digest(),
            Digest.of(descriptor.digest().algorithm(), computed).toString());
      }
      return bytes;
    });
  }

  @Override
  public String path() {
    return "/v2/" + repository + "/blobs/" + digest;
  }

  @Override
  public String accept() {
    return "";
  }

  @Override
  public String what() {
    return what;
  }

  @Override
  public String notFound() {
    return "blob unknown: " + digest + " is missing from the registry";
  }

  @Override
  public R handle(HttpResponse<InputStream> response) throws IOException {
    return handler.read(response.body());
  }
}
