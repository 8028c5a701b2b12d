package dev.bulwark.image.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One entry of the {@code manifest.json} that {@code docker save} writes. */
public record DockerSaveManifestJson(
    @JsonProperty("Config") String config,
    @JsonProperty("RepoTags") List<String> repoTags,
    @JsonProperty("Layers") List<String> layers) {}
