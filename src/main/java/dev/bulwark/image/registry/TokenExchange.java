package dev.bulwark.image.registry;

import com.fasterxml.jackson.core.JacksonException;
import dev.bulwark.InputException;
import dev.bulwark.image.registry.wire.TokenResponseJson;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gets a bearer token from the realm a registry's {@code Bearer} challenge names (distribution's
 * token authentication): {@code GET realm?service=…&scope=…}, with basic credentials when there
 * are any; with an identity token, the OAuth2 refresh-token grant ({@code POST realm}) instead.
 * Either of {@code token} and {@code access_token} in the answer is accepted.
 */
final class TokenExchange {
  /** A token answer is a JWT or two; a larger body is not one. */
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  private static final String CLIENT_ID = "bulwark";

  private final URI realm;
  private final Optional<String> service;
  private final List<String> scopes;
  private final Optional<Credential> credential;

  TokenExchange(URI realm, Optional<String> service, List<String> scopes, Optional<Credential> credential) {
    this.realm = realm;
    this.service = service;
    this.scopes = List.copyOf(scopes);
    this.credential = credential;
  }

  /** Builds the exchange from a challenge; {@code defaultScope} when the challenge names none. */
  static TokenExchange from(AuthChallenge challenge, String defaultScope, Optional<Credential> credential,
      String input) {
    String realmText = challenge.parameter("realm")
        .orElseThrow(() -> new InputException(input + ": the registry's Bearer challenge names no realm"));
    URI realm;
    try {
      realm = new URI(realmText);
    } catch (java.net.URISyntaxException e) {
      throw new InputException(input + ": the registry's token realm '" + realmText + "' is not a URI");
    }
    if (!realm.isAbsolute() || realm.getHost() == null
        || !(realm.getScheme().equals("https") || realm.getScheme().equals("http"))) {
      throw new InputException(input + ": the registry's token realm '" + realmText + "' is not an http(s) URL");
    }
    List<String> scopes = new ArrayList<>();
    challenge.parameter("scope").ifPresent(scope -> scopes.addAll(List.of(scope.split(" "))));
    if (scopes.isEmpty()) {
      scopes.add(defaultScope);
    }
    return new TokenExchange(realm, challenge.parameter("service"), scopes, credential);
  }

  URI realm() {
    return realm;
  }

  boolean sendsSecret() {
    return credential.isPresent();
  }

  String method() {
    return credential.orElse(null) instanceof Credential.IdentityToken ? "POST" : "GET";
  }

  URI uri() {
    if (method().equals("POST")) {
      return realm;
    }
    StringBuilder query = new StringBuilder();
    service.ifPresent(s -> append(query, "service", s));
    scopes.forEach(s -> append(query, "scope", s));
    String separator = realm.getRawQuery() == null ? "?" : "&";
    return URI.create(realm + (query.isEmpty() ? "" : separator + query));
  }

  Optional<String> authorization() {
    return credential.orElse(null) instanceof Credential.UserPassword user
        ? Optional.of(user.basicHeader()) : Optional.empty();
  }

  /** The form of the refresh-token grant, for an identity token. */
  Optional<String> form() {
    if (!(credential.orElse(null) instanceof Credential.IdentityToken token)) {
      return Optional.empty();
    }
    StringBuilder form = new StringBuilder();
    append(form, "grant_type", "refresh_token");
    append(form, "refresh_token", token.token());
    append(form, "client_id", CLIENT_ID);
    service.ifPresent(s -> append(form, "service", s));
    append(form, "scope", String.join(" ", scopes));
    return Optional.of(form.toString());
  }

  /** The token in a 200 answer. */
  String token(byte[] body, String input) {
    try {
      TokenResponseJson json = Json.mapper().readValue(body, TokenResponseJson.class);
      String token = json == null ? null : json.token() != null && !json.token().isEmpty() ? json.token()
          : json.accessToken();
      if (token == null || token.isEmpty()) {
        throw new InputException(input + ": the token server " + realm.getHost() + " answered without a token");
      }
      if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
        throw new InputException(input + ": the token server " + realm.getHost() + " answered a malformed token");
      }
      return token;
    } catch (JacksonException e) {
      throw new InputException(input + ": the token server " + realm.getHost() + " answered malformed JSON", e);
    } catch (IOException e) {
      throw new InputException(input + ": unreadable answer of the token server: " + e.getMessage(), e);
    }
  }

  private static void append(StringBuilder query, String name, String value) {
    if (!query.isEmpty()) {
      query.append('&');
    }
    query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
