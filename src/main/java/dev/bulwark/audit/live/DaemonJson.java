package dev.bulwark.audit.live;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.InputException;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** dockerd's configuration file: a JSON object of its long flag names, and the line of each key. */
record DaemonJson(String path, JsonNode root, Map<String, Integer> lines) {
  /** daemon.json is a few hundred bytes; a large one is not a configuration file. */
  static final int MAX_BYTES = 1 << 20;

  DaemonJson {
    lines = Map.copyOf(lines);
  }

  static final String DEFAULT_PATH = "/etc/docker/daemon.json";

  /** Reads the file at {@code path} on the host; empty when it does not exist. */
  static Optional<DaemonJson> read(HostFs fs, String path) {
    return fs.read(path, MAX_BYTES).map(text -> parse(path, text));
  }

  static DaemonJson parse(String path, String text) {
    if (text.isBlank()) {
      return new DaemonJson(path, Json.mapper().createObjectNode(), Map.of()); // dockerd accepts an empty file
    }
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = Json.mapper().createParser(text.getBytes(StandardCharsets.UTF_8))) {
      int depth = 0;
      for (JsonToken token; (token = parser.nextToken()) != null; ) {
        switch (token) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          case FIELD_NAME -> {
            if (depth == 1) {
              lines.put(parser.currentName(), parser.currentTokenLocation().getLineNr());
            }
          }
          default -> {
            // values
          }
        }
      }
      JsonNode root = Json.mapper().readTree(text);
      if (root == null || !root.isObject()) {
        throw new InputException(path + ": not a JSON object");
      }
      return new DaemonJson(path, root, lines);
    } catch (JacksonException e) {
      String line = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
      throw new InputException(path + line + ": malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InputException(path + ": " + e.getMessage(), e);
    }
  }

  Optional<JsonNode> get(String key) {
    JsonNode value = root.get(key);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  int line(String key) {
    return lines.getOrDefault(key, 1);
  }
}
