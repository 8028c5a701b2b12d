package dev.bulwark.image.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What a registry user proves who they are with; never printed. */
public sealed interface Credential {
  /** A user name and password (or a personal access token used as one). */
  record UserPassword(String username, String password) implements Credential {
    public String basicHeader() {
      return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "UserPassword[" + username + "]";
    }
  }

  /** An OAuth2 refresh token that Docker calls an identity token, exchanged for access tokens. */
  record IdentityToken(String token) implements Credential {
    @Override
    public String toString() {
      return "IdentityToken[…]";
    }
  }

  /** Who, for messages: the user name, or that a token was used. */
  default String who() {
    return switch (this) {
      case UserPassword user -> "user '" + user.username() + "'";
      case IdentityToken token -> "an identity token";
    };
  }
}
