package dev.bulwark.image.registry.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What {@code docker-credential-NAME get} prints (docker-credential-helpers' protocol). */
public record CredentialHelperJson(
    @JsonProperty("ServerURL") String serverUrl,
    @JsonProperty("Username") String username,
    @JsonProperty("Secret") String secret) {}
