package dev.bulwark.enforce.docker.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The plugin's answer, moby's {@code Response}: {@code Allow} always, {@code Msg} (shown to the
 * user on a denial) and {@code Err} (a plugin failure; dockerd refuses the request) when set.
 */
public record AuthzResponseJson(
    @JsonProperty("Allow") boolean allow,
    @JsonProperty("Msg") @JsonInclude(JsonInclude.Include.NON_EMPTY) String msg,
    @JsonProperty("Err") @JsonInclude(JsonInclude.Include.NON_EMPTY) String err) {}
