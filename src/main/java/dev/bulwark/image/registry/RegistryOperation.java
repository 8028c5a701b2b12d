package dev.bulwark.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/**
 * One remote operation of the distribution API, in the manner of Jib's endpoint providers: what to
 * ask for and what a successful answer means. {@link RegistryClient} does the rest (authentication,
 * redirects, retries, error answers).
 */
interface RegistryOperation<T> {
  /** The path under the registry's base URI, e.g. {@code /v2/library/debian/manifests/12}. */
  String path();

  /** The Accept header, or empty for none. */
  String accept();

  /** What is fetched, for messages: {@code manifest 'latest'}, {@code blob sha256:…}. */
  String what();

  /** Why a 404 answer ends the operation, for the message. */
  String notFound();

  /**
   * Turns a 2xx answer into the result. The client makes no further attempt once this is called:
   * bytes may have reached a reader. The body is closed by the client afterwards.
   */
  T handle(HttpResponse<InputStream> response) throws IOException;
}
