package dev.bulwark.image.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** An image configuration on the wire (OCI image spec config.md; Docker's image JSON). */
public record ConfigJson(
    @JsonProperty("created") String created,
    @JsonProperty("architecture") String architecture,
    @JsonProperty("os") String os,
    @JsonProperty("variant") String variant,
    @JsonProperty("config") RuntimeJson config,
    @JsonProperty("rootfs") RootfsJson rootfs,
    @JsonProperty("history") List<HistoryJson> history) {

  public record RuntimeJson(
      @JsonProperty("User") String user,
      @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
      @JsonProperty("Env") List<String> env,
      @JsonProperty("Entrypoint") List<String> entrypoint,
      @JsonProperty("Cmd") List<String> cmd,
      @JsonProperty("WorkingDir") String workingDir,
      @JsonProperty("Labels") Map<String, String> labels,
      @JsonProperty("Healthcheck") HealthcheckJson healthcheck) {}

  public record HealthcheckJson(@JsonProperty("Test") List<String> test) {}

  public record RootfsJson(
      @JsonProperty("type") String type, @JsonProperty("diff_ids") List<String> diffIds) {}

  public record HistoryJson(
      @JsonProperty("created") String created,
      @JsonProperty("created_by") String createdBy,
      @JsonProperty("comment") String comment,
      @JsonProperty("empty_layer") Boolean emptyLayer) {}
}
