package dev.bulwark.vuln.osv.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The OSV document as it arrives (schema 1.6, and 1.7's {@code upstream} and object-valued
 * {@code related}). Members may be absent (null); unknown members are ignored. Converted to
 * {@code vuln.advisory.Advisory} by {@code vuln.osv.OsvCodec}, which checks what the schema requires.
 */
public record OsvJson(
    @JsonProperty("schema_version") String schemaVersion,
    @JsonProperty("id") String id,
    @JsonProperty("modified") String modified,
    @JsonProperty("published") String published,
    @JsonProperty("withdrawn") String withdrawn,
    @JsonProperty("aliases") List<String> aliases,
    @JsonProperty("upstream") List<String> upstream,
    @JsonProperty("related") List<JsonNode> related,
    @JsonProperty("summary") String summary,
    @JsonProperty("details") String details,
    @JsonProperty("severity") List<SeverityJson> severity,
    @JsonProperty("affected") List<AffectedJson> affected,
    @JsonProperty("references") List<ReferenceJson> references,
    @JsonProperty("database_specific") JsonNode databaseSpecific) {

  public record SeverityJson(@JsonProperty("type") String type, @JsonProperty("score") String score) {}

  public record ReferenceJson(@JsonProperty("type") String type, @JsonProperty("url") String url) {}

  public record PackageJson(
      @JsonProperty("ecosystem") String ecosystem,
      @JsonProperty("name") String name,
      @JsonProperty("purl") String purl) {}

  public record AffectedJson(
      @JsonProperty("package") PackageJson pkg,
      @JsonProperty("severity") List<SeverityJson> severity,
      @JsonProperty("ranges") List<RangeJson> ranges,
      @JsonProperty("versions") List<String> versions,
      @JsonProperty("ecosystem_specific") JsonNode ecosystemSpecific,
      @JsonProperty("database_specific") JsonNode databaseSpecific) {}

  public record RangeJson(
      @JsonProperty("type") String type,
      @JsonProperty("repo") String repo,
      @JsonProperty("events") List<EventJson> events,
      @JsonProperty("database_specific") JsonNode databaseSpecific) {}

  public record EventJson(
      @JsonProperty("introduced") String introduced,
      @JsonProperty("fixed") String fixed,
      @JsonProperty("last_affected") String lastAffected,
      @JsonProperty("limit") String limit) {}
}
