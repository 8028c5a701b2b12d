package dev.bulwark.image.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An image manifest or an image index on the wire. The two share one shape here because a
 * document's kind is only known after reading its {@code mediaType} (or, for old Docker images,
 * from which of {@code layers} and {@code manifests} it has).
 */
public record ManifestJson(
    @JsonProperty("schemaVersion") Integer schemaVersion,
    @JsonProperty("mediaType") String mediaType,
    @JsonProperty("config") DescriptorJson config,
    @JsonProperty("layers") List<DescriptorJson> layers,
    @JsonProperty("manifests") List<DescriptorJson> manifests) {}
