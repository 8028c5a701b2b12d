package dev.bulwark.vuln.suppress;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.InputException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads the ignore file (docs/ignore-file.md): a YAML list of entries with {@code id} and
 * {@code reason} required, {@code package} and {@code expires} optional. Any other key is an error,
 * so a misspelt key cannot leave an entry silently matching something else, or nothing.
 */
final class IgnoreFileParser {
  /** A hand-written list of exceptions; a megabyte is far more than any real one. */
  static final int MAX_FILE_BYTES = 1024 * 1024;
  /** Entries in one file. */
  static final int MAX_ENTRIES = 10_000;
  /** YAML aliases expand a small file into a large tree; an ignore list needs few, if any. */
  private static final int MAX_ALIASES = 20;
  private static final int MAX_NESTING = 20;

  private static final Set<String> KEYS = Set.of("id", "package", "reason", "expires");

  private static final YAMLMapper MAPPER = YAMLMapper.builder(yamlFactory()).build();

  private IgnoreFileParser() {}

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_FILE_BYTES);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setAllowDuplicateKeys(false);
    return YAMLFactory.builder().loaderOptions(options)
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build();
  }

  static List<IgnoreEntry> parse(byte[] content, String source) {
    if (content.length > MAX_FILE_BYTES) {
      throw new InputException(source + ": ignore file of " + content.length + " bytes exceeds the limit of "
          + MAX_FILE_BYTES);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(content);
    } catch (JacksonException e) {
      throw new InputException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InputException(source + ": cannot read: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of();
    }
    if (!root.isArray()) {
      throw new InputException(source + ": expected a list of entries (- id: …, reason: …)");
    }
    if (root.size() > MAX_ENTRIES) {
      throw new InputException(source + ": " + root.size() + " entries exceed the limit of " + MAX_ENTRIES);
    }
    List<IgnoreEntry> entries = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      entries.add(entry(root.get(i), i + 1, source));
    }
    return entries;
  }

  private static IgnoreEntry entry(JsonNode node, int index, String source) {
    String where = source + ": entry " + index;
    if (!node.isObject()) {
      throw new InputException(where + ": expected a mapping with id and reason");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw new InputException(where + ": unknown key '" + clip(name) + "' (allowed: id, package, reason, expires)");
      }
    }
    String id = text(node, "id", where).orElseThrow(() -> new InputException(where + ": id is required"));
    String reason = text(node, "reason", where)
        .orElseThrow(() -> new InputException(where + " (" + clip(id) + "): reason is required"));
    Optional<String> pkg = text(node, "package", where);
    if (pkg.isPresent() && pkg.orElseThrow().startsWith("pkg:") && PurlPattern.parse(pkg.orElseThrow()).isEmpty()) {
      throw new InputException(where + ": package '" + clip(pkg.orElseThrow()) + "' is not a valid Package URL");
    }
    Optional<LocalDate> expires = text(node, "expires", where).map(day -> {
      try {
        return LocalDate.parse(day);
      } catch (DateTimeParseException e) {
        throw new InputException(where + ": expires '" + clip(day) + "' is not a date (YYYY-MM-DD)");
      }
    });
    return new IgnoreEntry(index, id, pkg, reason, expires);
  }

  /** A scalar value, blank counting as absent; a list or mapping where a scalar belongs is an error. */
  private static Optional<String> text(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isValueNode()) {
      throw new InputException(where + ": " + key + " must be a single value");
    }
    String text = value.asText().strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private static String clip(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 80 ? clean : clean.substring(0, 79) + "…";
  }
}
