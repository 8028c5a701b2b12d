package dev.bulwark.vuln.osv;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.vuln.advisory.Advisory;
import dev.bulwark.vuln.advisory.Affected;
import dev.bulwark.vuln.advisory.Event;
import dev.bulwark.vuln.advisory.Range;
import dev.bulwark.vuln.advisory.Reference;
import dev.bulwark.vuln.advisory.Severity;
import dev.bulwark.vuln.advisory.SpecificData;
import dev.bulwark.vuln.osv.wire.OsvJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads OSV documents (JSON or YAML) into {@link Advisory} values and writes the normalized JSON form
 * the database stores. Reading is tolerant of members it does not know and strict on what the schema
 * requires ({@code id}, {@code modified}, a package's ecosystem and name, a range's type and events).
 */
public final class OsvCodec {
  /** One advisory document larger than this is refused (real ones are at most a few hundred KiB). */
  public static final int MAX_DOCUMENT_BYTES = 8 << 20;
  /** OSV documents nest a handful of levels; specific objects a few more. */
  private static final int MAX_NESTING = 64;
  /** YAML aliases let a small document expand enormously; OSV documents have no reason to use many. */
  private static final int MAX_YAML_ALIASES = 50;

  private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
      .maxNestingDepth(MAX_NESTING)
      .maxStringLength(MAX_DOCUMENT_BYTES)
      .maxNumberLength(100)
      .build();

  private static final JsonMapper JSON_MAPPER = JsonMapper.builder(
          JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private static final YAMLMapper YAML_MAPPER = YAMLMapper.builder(yamlFactory())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private static final ObjectReader JSON_READER = JSON_MAPPER.readerFor(OsvJson.class);
  private static final ObjectReader YAML_READER = YAML_MAPPER.readerFor(OsvJson.class);

  private OsvCodec() {}

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_DOCUMENT_BYTES);
    options.setMaxAliasesForCollections(MAX_YAML_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setAllowDuplicateKeys(false);
    return YAMLFactory.builder().loaderOptions(options).streamReadConstraints(CONSTRAINTS).build();
  }

  /**
   * Parses one document. {@code name} identifies it in error messages (a path, or an archive entry);
   * {@code source} is recorded in the advisory.
   */
  public static Advisory read(byte[] document, OsvFormat format, String name, String source) {
    if (document.length > MAX_DOCUMENT_BYTES) {
      throw new OsvFormatException(name + ": OSV document of " + document.length + " bytes exceeds the limit of "
          + MAX_DOCUMENT_BYTES);
    }
    OsvJson wire;
    try {
      wire = (format == OsvFormat.JSON ? JSON_READER : YAML_READER).readValue(document);
    } catch (IOException | RuntimeException e) {
      throw new OsvFormatException(name + ": not a valid OSV " + format + " document: " + firstLine(e.getMessage()), e);
    }
    if (wire == null) {
      throw new OsvFormatException(name + ": empty OSV document");
    }
    try {
      return OsvConversion.toAdvisory(wire, source);
    } catch (IllegalArgumentException e) {
      String id = wire.id() == null ? "" : " (" + wire.id() + ")";
      throw new OsvFormatException(name + id + ": " + e.getMessage(), e);
    }
  }

  /** The normalized form: compact OSV JSON, members in schema order, empty members left out. */
  public static byte[] write(Advisory advisory) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON_MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      string(g, "schema_version", advisory.schemaVersion());
      g.writeStringField("id", advisory.id());
      g.writeStringField("modified", advisory.modified().toString());
      if (advisory.published().isPresent()) {
        g.writeStringField("published", advisory.published().orElseThrow().toString());
      }
      if (advisory.withdrawn().isPresent()) {
        g.writeStringField("withdrawn", advisory.withdrawn().orElseThrow().toString());
      }
      strings(g, "aliases", advisory.aliases());
      strings(g, "upstream", advisory.upstream());
      strings(g, "related", advisory.related());
      string(g, "summary", advisory.summary());
      string(g, "details", advisory.details());
      severities(g, advisory.severities());
      if (!advisory.affected().isEmpty()) {
        g.writeArrayFieldStart("affected");
        for (Affected affected : advisory.affected()) {
          affected(g, affected);
        }
        g.writeEndArray();
      }
      if (!advisory.references().isEmpty()) {
        g.writeArrayFieldStart("references");
        for (Reference reference : advisory.references()) {
          g.writeStartObject();
          g.writeStringField("type", reference.type());
          g.writeStringField("url", reference.url());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      specific(g, "database_specific", advisory.databaseSpecific());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void affected(JsonGenerator g, Affected affected) throws IOException {
    g.writeStartObject();
    if (affected.pkg().isPresent()) {
      var pkg = affected.pkg().orElseThrow();
      g.writeObjectFieldStart("package");
      g.writeStringField("ecosystem", pkg.ecosystem().name());
      g.writeStringField("name", pkg.name());
      if (pkg.purl().isPresent()) {
        g.writeStringField("purl", pkg.purl().orElseThrow());
      }
      g.writeEndObject();
    }
    severities(g, affected.severities());
    if (!affected.ranges().isEmpty()) {
      g.writeArrayFieldStart("ranges");
      for (Range range : affected.ranges()) {
        g.writeStartObject();
        g.writeStringField("type", range.type().name());
        if (range.repo().isPresent()) {
          g.writeStringField("repo", range.repo().orElseThrow());
        }
        g.writeArrayFieldStart("events");
        for (Event event : range.events()) {
          g.writeStartObject();
          g.writeStringField(event.kind().wireName(), event.version());
          g.writeEndObject();
        }
        g.writeEndArray();
        specific(g, "database_specific", range.databaseSpecific());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    strings(g, "versions", affected.versions());
    specific(g, "ecosystem_specific", affected.ecosystemSpecific());
    specific(g, "database_specific", affected.databaseSpecific());
    g.writeEndObject();
  }

  private static void severities(JsonGenerator g, List<Severity> severities) throws IOException {
    if (severities.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart("severity");
    for (Severity severity : severities) {
      g.writeStartObject();
      g.writeStringField("type", severity.type());
      g.writeStringField("score", severity.score());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void string(JsonGenerator g, String field, String value) throws IOException {
    if (!value.isEmpty()) {
      g.writeStringField(field, value);
    }
  }

  private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(field);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }

  private static void specific(JsonGenerator g, String field, SpecificData data) throws IOException {
    if (!data.isEmpty()) {
      g.writeFieldName(field);
      g.writeRawValue(data.json());
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
