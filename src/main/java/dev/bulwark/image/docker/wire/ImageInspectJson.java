package dev.bulwark.image.docker.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bulwark.image.wire.ConfigJson;
import java.util.List;

/** The parts of the Engine's {@code GET /images/{name}/json} answer that describe an image. */
public record ImageInspectJson(
    @JsonProperty("Id") String id,
    @JsonProperty("RepoTags") List<String> repoTags,
    @JsonProperty("RepoDigests") List<String> repoDigests,
    @JsonProperty("Created") String created,
    @JsonProperty("Os") String os,
    @JsonProperty("Architecture") String architecture,
    @JsonProperty("Variant") String variant,
    @JsonProperty("Config") ConfigJson.RuntimeJson config,
    @JsonProperty("RootFS") RootFsJson rootFs) {

  public record RootFsJson(@JsonProperty("Type") String type, @JsonProperty("Layers") List<String> layers) {}
}
