package dev.bulwark.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/**
 * The one configured Jackson mapper. Input is untrusted: nesting and string sizes are bounded, and
 * unknown fields are ignored (registries and tools add fields freely). Output is deterministic:
 * properties in declaration order, map entries sorted.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(200)
                          .maxStringLength(16 * 1024 * 1024)
                          .maxNumberLength(100)
                          .build())
                  .build())
          .addModule(new Jdk8Module())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Writes {@code value} indented, followed by a newline, leaving {@code out} open. */
  public static void writePretty(java.io.OutputStream out, Object value) throws java.io.IOException {
    MAPPER.writerWithDefaultPrettyPrinter()
        .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .writeValue(out, value);
    out.write('\n');
  }
}
