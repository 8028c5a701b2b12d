package dev.bulwark.image.registry;

import dev.bulwark.BulwarkException;
import dev.bulwark.InputException;
import dev.bulwark.image.RegistryReference;
import dev.bulwark.image.SourceOptions;
import dev.bulwark.io.Bounded;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Talks to one repository of one registry: owns the HTTP client, the authentication state
 * (anonymous first; on 401 the {@code WWW-Authenticate} challenge decides between basic
 * credentials and a bearer token), redirects (followed by hand, so that credentials never leave the
 * registry's origin and HTTPS is never downgraded) and retries ({@link RetryPolicy}: only before
 * an operation's handler saw a byte). Thread-safe: layers are pulled in parallel.
 */
public final class RegistryClient implements AutoCloseable {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** Waits between attempts; tests pass one that does not. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final String registry;
  private final String repository;
  private final URI base;
  private final boolean insecure;
  private final HttpClient http;
  private final RegistryHttp transport;
  private final DockerCredentials credentials;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private Optional<Credential> credential; // looked up on the first challenge; guarded by this
  private String authorization; // the header sent to the registry, null while anonymous; guarded by this

  RegistryClient(String registry, String apiHost, String repository, boolean insecure, SSLContext tls,
      DockerCredentials credentials, RetryPolicy retry, Sleeper sleeper) {
    this.registry = registry;
    this.repository = repository;
    this.insecure = insecure;
    this.base = URI.create((insecure ? "http://" : "https://") + apiHost);
    this.credentials = credentials;
    this.retry = retry;
    this.sleeper = sleeper;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(CONNECT_TIMEOUT)
        .sslContext(tls)
        .build();
    this.transport = new RegistryHttp(http, insecure);
  }

  /**
   * A client for the reference's repository: plain HTTP only when the registry (host[:port] as the
   * user wrote it) is among the options' insecure registries; TLS trust per {@link RegistryTrust}.
   */
  public static RegistryClient create(RegistryReference reference, SourceOptions options) {
    return create(reference, options, RegistryTrust.DOCKER_CERTS_D, RetryPolicy.DEFAULT, Thread::sleep);
  }

  static RegistryClient create(RegistryReference reference, SourceOptions options, java.nio.file.Path certsD,
      RetryPolicy retry, Sleeper sleeper) {
    boolean insecure = options.insecureRegistries().contains(reference.registry());
    SSLContext tls = RegistryTrust.context(
        RegistryTrust.extraCertificates(reference.registry(), options.registryCaCertificates(), certsD));
    return new RegistryClient(reference.registry(), reference.apiHost(), reference.repository(), insecure, tls,
        DockerCredentials.from(options), retry, sleeper);
  }

  /** Names the registry and repository in messages. */
  public String where() {
    return "registry " + registry + ", repository " + repository;
  }

  public String repository() {
    return repository;
  }

  /** Runs one operation to its result, or fails with an {@link InputException} saying why. */
  public <T> T call(RegistryOperation<T> operation) {
    URI uri = base.resolve(operation.path());
    String what = where() + ": " + operation.what();
    boolean challenged = false;
    for (int attempt = 1; ; attempt++) {
      String sent = authorization();
      HttpResponse<InputStream> response;
      try {
        response = transport.send("GET", uri, operation.accept(), Optional.ofNullable(sent), Optional.empty(), what);
      } catch (IOException e) {
        pause(attempt, Optional.empty(), what, e);
        continue;
      }
      int status = response.statusCode();
      if (status / 100 == 2) {
        InputStream body = response.body();
        try (body) {
          return operation.handle(response);
        } catch (BulwarkException e) {
          throw e;
        } catch (IOException e) {
          throw new InputException(what + ": " + RegistryHttp.describe(e), e);
        }
      }
      String detail = RegistryHttp.errorDetail(response);
      if (status == 401 && RegistryHttp.sameOrigin(response.uri(), base)) {
        if (challenged) {
          throw authenticationFailed(what, detail);
        }
        authenticate(response.headers().allValues("WWW-Authenticate"), sent, what, detail);
        challenged = true;
        attempt--; // answering a challenge is not a failed attempt
        continue;
      }
      if (RetryPolicy.retryableStatus(status)) {
        Optional<Duration> after = response.headers().firstValue("Retry-After")
            .flatMap(v -> RetryPolicy.parseRetryAfter(v, Instant.now()));
        pause(attempt, after, what, new IOException("HTTP " + status + detail));
        continue;
      }
      throw switch (status) {
        case 404 -> new InputException(where() + ": " + operation.notFound() + " (HTTP 404" + detail + ")");
        case 403 -> new InputException(what + ": access denied (HTTP 403" + detail + ")"
            + credentialHint());
        default -> new InputException(what + ": the registry answered HTTP " + status + detail);
      };
    }
  }

  private synchronized String authorization() {
    return authorization;
  }

  private synchronized Optional<Credential> credential() {
    if (credential == null) {
      credential = credentials.lookup(registry);
    }
    return credential;
  }

  /**
   * Answers a challenge: afterwards {@link #authorization} holds a header that should work. When
   * another thread already answered one since {@code sent} went out, its answer is used.
   */
  private synchronized void authenticate(List<String> headers, String sent, String what, String detail) {
    if (!Objects.equals(authorization, sent)) {
      return;
    }
    List<AuthChallenge> challenges = headers.stream().flatMap(h -> AuthChallenge.parse(h).stream()).toList();
    Optional<AuthChallenge> bearer = challenges.stream().filter(c -> c.scheme().equals("bearer")).findFirst();
    Optional<AuthChallenge> basic = challenges.stream().filter(c -> c.scheme().equals("basic")).findFirst();
    if (bearer.isPresent()) {
      TokenExchange exchange = TokenExchange.from(bearer.orElseThrow(), "repository:" + repository + ":pull",
          credential(), where());
      authorization = "Bearer " + token(exchange, what);
    } else if (basic.isPresent()) {
      if (!(credential().orElse(null) instanceof Credential.UserPassword user)) {
        throw new InputException(what + ": the registry requires a user name and password (HTTP 401" + detail
            + "), and " + credentials.describe() + " has none for " + registry
            + (credential().isPresent() ? " (only an identity token)" : ""));
      }
      authorization = user.basicHeader();
    } else {
      throw new InputException(what + ": the registry answered HTTP 401 without a usable WWW-Authenticate "
          + "challenge (" + String.join("; ", headers) + ")");
    }
  }

  private String token(TokenExchange exchange, String what) {
    URI realm = exchange.realm();
    if (exchange.sendsSecret() && realm.getScheme().equals("http") && !(insecure && RegistryHttp.sameOrigin(realm, base))) {
      throw new InputException(what + ": the token realm " + realm + " is plain HTTP; refusing to send credentials");
    }
    String asked = what + " (token from " + realm.getHost() + ")";
    for (int attempt = 1; ; attempt++) {
      HttpResponse<InputStream> response;
      try {
        response = transport.send(exchange.method(), exchange.uri(), "application/json", exchange.authorization(),
            exchange.form(), asked);
      } catch (IOException e) {
        pause(attempt, Optional.empty(), asked, e);
        continue;
      }
      int status = response.statusCode();
      if (status == 200) {
        try (InputStream body = response.body()) {
          return exchange.token(Bounded.readAll(body, TokenExchange.MAX_RESPONSE_BYTES, asked), where());
        } catch (IOException e) {
          throw new InputException(asked + ": " + RegistryHttp.describe(e), e);
        }
      }
      String detail = RegistryHttp.errorDetail(response);
      if (status == 401 || status == 403) {
        throw authenticationFailed(asked, " from the token server" + detail);
      }
      if (RetryPolicy.retryableStatus(status)) {
        pause(attempt, Optional.empty(), asked, new IOException("HTTP " + status + detail));
        continue;
      }
      throw new InputException(asked + ": the token server answered HTTP " + status + detail);
    }
  }

  private InputException authenticationFailed(String what, String detail) {
    return new InputException(what + ": authentication failed (HTTP 401" + detail + ")" + credentialHint());
  }

  private synchronized String credentialHint() {
    Optional<Credential> used = credential == null ? Optional.empty() : credential;
    return used.map(c -> "; tried " + c.who() + " from " + credentials.describe())
        .orElse("; no credentials for " + registry + " in " + credentials.describe());
  }

  /** Sleeps before the next attempt, or fails when the policy allows none. */
  private void pause(int attempt, Optional<Duration> retryAfter, String what, IOException failure) {
    if (RegistryHttp.isTls(failure)) {
      throw new InputException(what + ": TLS: " + RegistryHttp.rootMessage(failure)
          + "; use --registry-ca or --insecure-registry", failure);
    }
    Optional<Duration> delay = RetryPolicy.retryable(failure) ? retry.delayAfter(attempt, retryAfter) : Optional.empty();
    if (delay.isEmpty()) {
      String reason = failure.getMessage() != null && failure.getMessage().startsWith("HTTP ")
          ? "the registry answered " + failure.getMessage() : RegistryHttp.describe(failure);
      throw new InputException(what + ": " + reason + (attempt > 1 ? " (after " + attempt + " attempts)" : ""),
          failure);
    }
    try {
      sleeper.sleep(delay.orElseThrow());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InputException(what + ": interrupted", e);
    }
  }

  @Override
  public void close() {
    http.shutdownNow();
  }
}
