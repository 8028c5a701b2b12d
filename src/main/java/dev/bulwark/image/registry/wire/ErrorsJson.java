package dev.bulwark.image.registry.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The error body of the distribution API: {@code {"errors":[{"code":…,"message":…}]}}. */
public record ErrorsJson(@JsonProperty("errors") List<ErrorJson> errors) {
  public record ErrorJson(@JsonProperty("code") String code, @JsonProperty("message") String message) {}
}
