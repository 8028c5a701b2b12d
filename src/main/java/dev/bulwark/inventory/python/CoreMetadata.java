package dev.bulwark.inventory.python;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The header fields of Python core metadata ({@code METADATA}, {@code PKG-INFO}) that identify a
 * distribution: RFC 822 style {@code Key: value} lines up to the first empty line, continuation
 * lines starting with white space. Keys are case-insensitive ({@code name:} is seen in the wild);
 * a single-valued field keeps its first value, as Python's {@code email} parser and
 * {@code importlib.metadata} do. Lines that are neither a field nor a continuation (a keyword list
 * written over several unindented lines) are skipped rather than ending the header, so fields after
 * them are still read.
 */
record CoreMetadata(
    Optional<String> name,
    Optional<String> version,
    Optional<String> license,
    Optional<String> licenseExpression,
    List<String> classifiers) {

  CoreMetadata {
    classifiers = List.copyOf(classifiers);
  }

  /** Reads the header; the caller bounds the input's size. */
  static CoreMetadata read(BufferedReader reader) throws IOException {
    Fields fields = new Fields();
    String key = null;
    StringBuilder value = new StringBuilder();
    for (String line; (line = reader.readLine()) != null && !line.isEmpty(); ) {
      char first = line.charAt(0);
      if (first == ' ' || first == '\t') {
        if (key != null) {
          value.append('\n').append(line.strip());
        }
        continue;
      }
      fields.put(key, value);
      key = null;
      value.setLength(0);
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String candidate = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      if (Fields.wanted(candidate)) {
        key = candidate;
        value.append(line.substring(colon + 1).strip());
      }
    }
    fields.put(key, value);
    return new CoreMetadata(fields.name, fields.version, fields.license, fields.licenseExpression,
        fields.classifiers);
  }

  private static final class Fields {
    Optional<String> name = Optional.empty();
    Optional<String> version = Optional.empty();
    Optional<String> license = Optional.empty();
    Optional<String> licenseExpression = Optional.empty();
    final List<String> classifiers = new ArrayList<>();

    static boolean wanted(String key) {
      return switch (key) {
        case "name", "version", "license", "license-expression", "classifier" -> true;
        default -> false;
      };
    }

    void put(String key, StringBuilder value) {
      if (key == null) {
        return;
      }
      String text = value.toString().strip();
      switch (key) {
        case "name" -> name = first(name, text);
        case "version" -> version = first(version, text);
        case "license" -> license = first(license, text);
        case "license-expression" -> licenseExpression = first(licenseExpression, text);
        case "classifier" -> classifiers.add(text);
        default -> throw new IllegalStateException(key);
      }
    }

    private static Optional<String> first(Optional<String> current, String text) {
      return current.isPresent() || text.isEmpty() ? current : Optional.of(text);
    }
  }
}
