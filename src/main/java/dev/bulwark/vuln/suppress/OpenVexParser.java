package dev.bulwark.vuln.suppress;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.InputException;
import dev.bulwark.io.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads OpenVEX documents (spec v0.2.0; v0.0.x documents, whose vulnerability is a bare string, are
 * read too). Unknown fields are ignored, as JSON-LD allows; a missing or mistyped field that
 * suppression depends on is an error naming the file and the field.
 */
final class OpenVexParser {
  /** OpenVEX documents list statements, not data; the largest real ones are a few megabytes. */
  static final int MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;
  /** Statements in one document. */
  static final int MAX_STATEMENTS = 100_000;
  /** Products, subcomponents or aliases in one statement or product. */
  static final int MAX_LIST = 10_000;

  private static final String CONTEXT_PREFIX = "https://openvex.dev/ns";

  private final String source;

  private OpenVexParser(String source) {
    this.source = source;
  }

  static VexDocument parse(byte[] document, String source) {
    if (document.length > MAX_DOCUMENT_BYTES) {
      throw new InputException(source + ": OpenVEX document of " + document.length + " bytes exceeds the limit of "
          + MAX_DOCUMENT_BYTES);
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(document);
    } catch (JacksonException e) {
      throw new InputException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new InputException(source + ": cannot read: " + e.getMessage(), e);
    }
    return new OpenVexParser(source).document(root);
  }

  private VexDocument document(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw problem("", "expected a JSON object");
    }
    String context = string(root, "@context", "");
    if (!context.startsWith(CONTEXT_PREFIX)) {
      throw problem("@context", "'" + clip(context) + "' is not an OpenVEX context (" + CONTEXT_PREFIX + "…)");
    }
    String id = string(root, "@id", "");
    String author = string(root, "author", "");
    Instant timestamp = timestamp(root, "timestamp", "").orElseThrow(() -> problem("timestamp", "missing"));
    JsonNode statements = array(root, "statements", "", MAX_STATEMENTS);
    List<VexDocument.Statement> parsed = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      parsed.add(statement(statements.get(i), "statements[" + i + "]", i + 1, timestamp));
    }
    return new VexDocument(source, id, author, timestamp, parsed);
  }

  private VexDocument.Statement statement(JsonNode node, String path, int index, Instant documentTime) {
    if (!node.isObject()) {
      throw problem(path, "expected an object");
    }
    List<String> vulnerabilities = vulnerability(node.get("vulnerability"), path + ".vulnerability");
    String statusText = string(node, "status", path);
    VexStatus status = VexStatus.of(statusText).orElseThrow(() -> problem(path + ".status",
        "'" + clip(statusText) + "' is not not_affected, affected, fixed or under_investigation"));
    Optional<VexJustification> justification = optionalString(node, "justification", path).map(label ->
        VexJustification.of(label).orElseThrow(() -> problem(path + ".justification",
            "'" + clip(label) + "' is not a VEX status justification")));
    Optional<String> impact = optionalString(node, "impact_statement", path);
    if (status == VexStatus.NOT_AFFECTED && justification.isEmpty() && impact.isEmpty()) {
      throw problem(path, "a not_affected statement needs a justification or an impact_statement");
    }
    JsonNode products = array(node, "products", path, MAX_LIST);
    if (products.isEmpty()) {
      throw problem(path + ".products", "names no product");
    }
    List<VexDocument.Product> parsedProducts = new ArrayList<>();
    for (int i = 0; i < products.size(); i++) {
      parsedProducts.add(product(products.get(i), path + ".products[" + i + "]"));
    }
    Instant timestamp = timestamp(node, "timestamp", path).orElse(documentTime);
    return new VexDocument.Statement(index, vulnerabilities, parsedProducts, status, justification, impact,
        optionalString(node, "action_statement", path), optionalString(node, "status_notes", path), timestamp);
  }

  private List<String> vulnerability(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      throw problem(path, "missing");
    }
    if (node.isTextual()) { // OpenVEX v0.0.1
      return List.of(nonBlank(node.asText(), path));
    }
    if (!node.isObject()) {
      throw problem(path, "expected an object");
    }
    List<String> ids = new ArrayList<>();
    ids.add(nonBlank(string(node, "name", path), path + ".name"));
    optionalString(node, "@id", path).ifPresent(ids::add);
    if (node.has("aliases")) {
      JsonNode aliases = array(node, "aliases", path, MAX_LIST);
      for (int i = 0; i < aliases.size(); i++) {
        if (!aliases.get(i).isTextual()) {
          throw problem(path + ".aliases[" + i + "]", "expected a string");
        }
        ids.add(aliases.get(i).asText());
      }
    }
    return ids;
  }

  private VexDocument.Product product(JsonNode node, String path) {
    if (node.isTextual()) { // OpenVEX v0.0.1 listed products as bare identifiers
      return new VexDocument.Product(List.of(node.asText()), List.of());
    }
    if (!node.isObject()) {
      throw problem(path, "expected an object");
    }
    List<VexDocument.Component> subcomponents = new ArrayList<>();
    if (node.has("subcomponents")) {
      JsonNode list = array(node, "subcomponents", path, MAX_LIST);
      for (int i = 0; i < list.size(); i++) {
        String subpath = path + ".subcomponents[" + i + "]";
        if (!list.get(i).isObject()) {
          throw problem(subpath, "expected an object");
        }
        subcomponents.add(new VexDocument.Component(identifiers(list.get(i), subpath)));
      }
    }
    return new VexDocument.Product(identifiers(node, path), subcomponents);
  }

  /** A component's {@code @id} and {@code identifiers.purl}; hashes and CPEs are not matched. */
  private List<String> identifiers(JsonNode node, String path) {
    List<String> ids = new ArrayList<>();
    optionalString(node, "@id", path).ifPresent(ids::add);
    JsonNode identifiers = node.get("identifiers");
    if (identifiers != null && !identifiers.isNull()) {
      if (!identifiers.isObject()) {
        throw problem(path + ".identifiers", "expected an object");
      }
      optionalString(identifiers, "purl", path + ".identifiers").ifPresent(ids::add);
    }
    return ids;
  }

  private String string(JsonNode node, String field, String path) {
    return optionalString(node, field, path).orElseThrow(() -> problem(join(path, field), "missing"));
  }

  private Optional<String> optionalString(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw problem(join(path, field), "expected a string");
    }
    return Optional.of(value.asText());
  }

  private JsonNode array(JsonNode node, String field, String path, int limit) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw problem(join(path, field), "missing");
    }
    if (!value.isArray()) {
      throw problem(join(path, field), "expected an array");
    }
    if (value.size() > limit) {
      throw problem(join(path, field), value.size() + " entries exceed the limit of " + limit);
    }
    return value;
  }

  private Optional<Instant> timestamp(JsonNode node, String field, String path) {
    return optionalString(node, field, path).map(text -> {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw problem(join(path, field), "'" + clip(text) + "' is not an RFC 3339 date and time");
      }
    });
  }

  private String nonBlank(String text, String path) {
    if (text.isBlank()) {
      throw problem(path, "empty");
    }
    return text;
  }

  private InputException problem(String path, String what) {
    return new InputException(source + ": " + (path.isEmpty() ? "" : path + ": ") + what);
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** Values from the document are quoted in messages; a long one is cut so it cannot flood the terminal. */
  private static String clip(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 80 ? clean : clean.substring(0, 79) + "…";
  }
}
