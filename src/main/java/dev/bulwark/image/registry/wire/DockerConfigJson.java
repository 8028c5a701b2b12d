package dev.bulwark.image.registry.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The parts of Docker's {@code config.json} that hold registry credentials. */
public record DockerConfigJson(
    @JsonProperty("auths") Map<String, AuthJson> auths,
    @JsonProperty("credHelpers") Map<String, String> credHelpers,
    @JsonProperty("credsStore") String credsStore) {

  public record AuthJson(
      @JsonProperty("auth") String auth,
      @JsonProperty("username") String username,
      @JsonProperty("password") String password,
      @JsonProperty("identitytoken") String identityToken) {}
}
