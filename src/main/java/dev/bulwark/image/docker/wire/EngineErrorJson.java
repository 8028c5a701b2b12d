package dev.bulwark.image.docker.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The Engine API's error body. */
public record EngineErrorJson(@JsonProperty("message") String message) {}
