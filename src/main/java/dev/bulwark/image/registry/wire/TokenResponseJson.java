package dev.bulwark.image.registry.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A token server's answer (distribution's token spec): either field may carry the token. */
public record TokenResponseJson(
    @JsonProperty("token") String token,
    @JsonProperty("access_token") String accessToken,
    @JsonProperty("expires_in") Long expiresIn) {}
