package dev.bulwark.image.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** A descriptor as it appears on the wire (OCI image spec, descriptor.md). */
public record DescriptorJson(
    @JsonProperty("mediaType") String mediaType,
    @JsonProperty("digest") String digest,
    @JsonProperty("size") Long size,
    @JsonProperty("platform") PlatformJson platform,
    @JsonProperty("annotations") Map<String, String> annotations,
    @JsonProperty("urls") java.util.List<String> urls) {

  public record PlatformJson(
      @JsonProperty("os") String os,
      @JsonProperty("architecture") String architecture,
      @JsonProperty("variant") String variant) {}
}
