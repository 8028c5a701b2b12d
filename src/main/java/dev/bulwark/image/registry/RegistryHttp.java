package dev.bulwark.image.registry;

import com.fasterxml.jackson.core.JacksonException;
import dev.bulwark.InputException;
import dev.bulwark.image.registry.wire.ErrorsJson;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * One HTTP exchange with a registry or the hosts it sends us to: redirects are followed here, by
 * hand, so that the Authorization header only ever goes to the origin it was meant for (a blob's
 * storage host never sees registry credentials) and HTTPS is never downgraded.
 */
final class RegistryHttp {
  /** How long to wait for an answer's headers; a body then streams for as long as it takes. */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(120);
  /** Registries redirect blobs once (to storage); a chain this long is a loop. */
  static final int MAX_REDIRECTS = 5;
  /** An error answer's body is read this far for its message. */
  static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

  private static final String USER_AGENT = "bulwark";

  private final HttpClient http;
  private final boolean insecure;

  RegistryHttp(HttpClient http, boolean insecure) {
    this.http = http;
    this.insecure = insecure;
  }

  /** One request, following redirects; credentials go only to the request's own origin. */
  HttpResponse<InputStream> send(String method, URI uri, String accept, Optional<String> authorization,
      Optional<String> form, String what) throws IOException {
    URI current = uri;
    String currentMethod = method;
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(current)
          .timeout(RESPONSE_TIMEOUT)
          .header("User-Agent", USER_AGENT);
      if (!accept.isEmpty()) {
        request.header("Accept", accept);
      }
      if (authorization.isPresent() && sameOrigin(current, uri)) {
        request.header("Authorization", authorization.orElseThrow());
      }
      if (currentMethod.equals("POST")) {
        request.header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.orElse("")));
      } else {
        request.GET();
      }
      HttpResponse<InputStream> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InputException(what + ": interrupted", e);
      }
      int status = response.statusCode();
      Optional<String> location = response.headers().firstValue("Location");
      if (!(status == 301 || status == 302 || status == 303 || status == 307 || status == 308)
          || location.isEmpty()) {
        return response;
      }
      response.body().close();
      if (hop >= MAX_REDIRECTS) {
        throw new InputException(what + ": more than " + MAX_REDIRECTS + " redirects");
      }
      URI next;
      try {
        next = current.resolve(new URI(location.orElseThrow().trim()));
      } catch (java.net.URISyntaxException | IllegalArgumentException e) {
        throw new InputException(what + ": redirect to a malformed location '" + location.orElseThrow() + "'");
      }
      String scheme = Optional.ofNullable(next.getScheme()).orElse("").toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !(scheme.equals("http") && (current.getScheme().equals("http") || insecure))) {
        throw new InputException(what + ": refusing a redirect from " + current.getScheme() + " to '"
            + next.getScheme() + ":' (" + next.getHost() + ")");
      }
      if (status == 303 || ((status == 301 || status == 302) && currentMethod.equals("POST"))) {
        currentMethod = "GET";
      }
      current = next;
    }
  }

  /** Reads an error answer's body (bounded) into " : CODE message" text, or nothing. */
  static String errorDetail(HttpResponse<InputStream> response) {
    byte[] body;
    try (InputStream in = response.body()) {
      body = in.readNBytes(MAX_ERROR_BODY_BYTES);
    } catch (IOException e) {
      return "";
    }
    try {
      ErrorsJson errors = Json.mapper().readValue(body, ErrorsJson.class);
      if (errors == null || errors.errors() == null || errors.errors().isEmpty()) {
        return "";
      }
      return ": " + errors.errors().stream()
          .filter(Objects::nonNull)
          .limit(3)
          .map(e -> (Objects.toString(e.code(), "") + " " + Objects.toString(e.message(), "")).trim())
          .map(text -> text.length() > 200 ? text.substring(0, 200) + "…" : text)
          .collect(Collectors.joining("; "));
    } catch (JacksonException e) {
      return "";
    } catch (IOException e) {
      return "";
    }
  }

  static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
        && Objects.equals(lower(a.getHost()), lower(b.getHost()))
        && port(a) == port(b);
  }

  private static String lower(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
  }

  static boolean isTls(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof java.security.cert.CertificateException) {
        return true;
      }
    }
    return false;
  }

  static String rootMessage(Throwable failure) {
    String message = failure.getMessage();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return Objects.toString(message, failure.getClass().getSimpleName());
  }

  static String describe(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return "timed out (" + e.getMessage() + ")";
    }
    if (e instanceof java.net.ConnectException) {
      return "cannot connect" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

}
