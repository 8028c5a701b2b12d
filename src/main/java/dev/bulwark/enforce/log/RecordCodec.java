package dev.bulwark.enforce.log;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.enforce.log.LogRecord.Checkpoint;
import dev.bulwark.enforce.log.LogRecord.Entry;
import dev.bulwark.enforce.log.LogRecord.Header;
import dev.bulwark.enforce.log.LogRecord.Recovery;
import dev.bulwark.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical line format. A record is written as JSON with its fields in a fixed order, no
 * whitespace, strings escaped one way only, and ends with its hash:
 * <pre>{"seq":1,"type":"entry",…,"prev":"&lt;64 hex&gt;","hash":"&lt;64 hex&gt;"}</pre>
 * {@code hash} is the SHA-256 of the line's exact bytes without the {@code ,"hash":"…"} member,
 * that is, of the record's canonical JSON without {@code hash}; the next record's {@code prev} is
 * that hash. Headers and checkpoints carry {@code sig}, an Ed25519 signature over the canonical
 * JSON without {@code sig} and {@code hash}. A reader re-encodes what it parsed and compares bytes,
 * so a line that means the same but is written differently is as much an edit as a changed value.
 */
public final class RecordCodec {
  public static final String FORMAT = "bulwark-audit-log/1";
  /** Longest line a reader accepts; the writer's bounds (see AuditEvent) keep entries far below it. */
  public static final int MAX_LINE_BYTES = 256 * 1024;
  private static final byte[] HASH_MEMBER = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
  /** {@code ,"hash":"} + 64 hex digits + {@code "}}. */
  static final int HASH_SUFFIX = HASH_MEMBER.length + 64 + 2;
  private static final HexFormat HEX = HexFormat.of();

  private RecordCodec() {}

  /** The {@code prev} of the genesis header: SHA-256 of {@code "bulwark-audit-log/1 genesis " + log}. */
  public static String genesis(String log) {
    return sha256((FORMAT + " genesis " + log).getBytes(StandardCharsets.UTF_8));
  }

  /** An encoded line (without its newline) and its hash. */
  public record Line(byte[] bytes, String hash) {}

  public static Line encode(LogRecord record) {
    byte[] body = json(record, true);
    String hash = sha256(body);
    byte[] line = Arrays.copyOf(body, body.length - 1 + HASH_SUFFIX);
    int at = body.length - 1;
    System.arraycopy(HASH_MEMBER, 0, line, at, HASH_MEMBER.length);
    at += HASH_MEMBER.length;
    byte[] hex = hash.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(hex, 0, line, at, hex.length);
    line[line.length - 2] = '"';
    line[line.length - 1] = '}';
    return new Line(line, hash);
  }

  /** The bytes a header's or checkpoint's signature covers: its canonical JSON without sig and hash. */
  public static byte[] signedBytes(LogRecord record) {
    return json(record, false);
  }

  /** What a line decodes to: a record, or why it is not one. */
  public sealed interface Decoded {}

  /** A well-formed record whose stored hash and form check out. */
  public record Valid(LogRecord record, String hash) implements Decoded {}

  /** A record that parses but whose bytes were changed: hash mismatch, or not written canonically. */
  public record Edited(LogRecord record, String reason) implements Decoded {}

  /** Not a record at all. */
  public record Invalid(String reason) implements Decoded {}

  public static Decoded decode(byte[] bytes, int length) {
    int hashAt = length - HASH_SUFFIX;
    if (hashAt < 1 || !regionEquals(bytes, hashAt, HASH_MEMBER) || bytes[length - 2] != '"' || bytes[length - 1] != '}'
        || !isHex(bytes, hashAt + HASH_MEMBER.length, 64)) {
      return new Invalid("no hash at the end of the line");
    }
    LogRecord record;
    try {
      record = parse(Json.mapper().readTree(bytes, 0, length));
    } catch (IOException | IllegalArgumentException | DateTimeException e) {
      return new Invalid(e instanceof IOException ? "not JSON" : e.getMessage() == null ? "malformed" : e.getMessage());
    }
    byte[] body = Arrays.copyOf(bytes, hashAt + 1);
    body[hashAt] = '}';
    String stored = new String(bytes, hashAt + HASH_MEMBER.length, 64, StandardCharsets.US_ASCII);
    if (!sha256(body).equals(stored)) {
      return new Edited(record, "hash mismatch");
    }
    if (!Arrays.equals(json(record, true), body)) {
      return new Edited(record, "not in canonical form");
    }
    return new Valid(record, stored);
  }

  /** The stored hash of a line that ends like a record, without checking it. */
  static String storedHash(byte[] bytes, int length) {
    int hashAt = length - HASH_SUFFIX;
    if (hashAt < 1 || !regionEquals(bytes, hashAt, HASH_MEMBER)) {
      return "";
    }
    return new String(bytes, hashAt + HASH_MEMBER.length, 64, StandardCharsets.US_ASCII);
  }

  public static String sha256(byte[] bytes) {
    return sha256(bytes, 0, bytes.length);
  }

  public static String sha256(byte[] bytes, int offset, int length) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(bytes, offset, length);
      return HEX.formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  // --- encoding ------------------------------------------------------------------------------------

  private static byte[] json(LogRecord record, boolean withSig) {
    Writer w = new Writer();
    w.number("seq", record.seq());
    switch (record) {
      case Header h -> {
        w.text("type", "header").text("time", h.time().toString()).text("format", FORMAT).text("log", h.log())
            .text("previousFile", h.previousFile()).number("checkpointEvery", h.checkpointEvery())
            .number("checkpointSeconds", h.checkpointSeconds()).text("key", h.key()).text("prev", h.prev());
        if (withSig) {
          w.text("sig", h.sig());
        }
      }
      case Entry e -> {
        AuditEvent v = e.event();
        w.text("type", "entry").text("time", e.time().toString()).text("user", v.user()).text("auth", v.auth())
            .text("method", v.method()).text("uri", v.uri()).text("action", v.action()).text("object", v.object())
            .text("problem", v.problem()).text("decision", v.allowed() ? "allow" : "deny").list("rules", v.rules())
            .text("message", v.message()).list("warnings", v.warnings()).map("attributes", v.attributes())
            .text("prev", e.prev());
      }
      case Checkpoint c -> {
        w.text("type", "checkpoint").text("time", c.time().toString()).text("log", c.log()).text("key", c.key())
            .text("prev", c.prev());
        if (withSig) {
          w.text("sig", c.sig());
        }
      }
      case Recovery r -> w.text("type", "recovery").text("time", r.time().toString()).number("unsigned", r.unsigned())
          .number("tornBytes", r.tornBytes()).text("tornSha256", r.tornSha256()).text("prev", r.prev());
    }
    return w.done();
  }

  /** Canonical JSON: members in the order written, no whitespace, one escape for each character. */
  private static final class Writer {
    private final StringBuilder out = new StringBuilder(512).append('{');

    private void name(String name) {
      if (out.length() > 1) {
        out.append(',');
      }
      string(name);
      out.append(':');
    }

    Writer number(String name, long value) {
      name(name);
      out.append(value);
      return this;
    }

    Writer text(String name, String value) {
      name(name);
      string(value);
      return this;
    }

    Writer list(String name, List<String> values) {
      name(name);
      out.append('[');
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        string(values.get(i));
      }
      out.append(']');
      return this;
    }

    Writer map(String name, Map<String, String> values) {
      name(name);
      out.append('{');
      boolean first = true;
      for (var entry : new TreeMap<>(values).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(entry.getKey());
        out.append(':');
        string(entry.getValue());
      }
      out.append('}');
      return this;
    }

    private void string(String value) {
      out.append('"');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          case '\b' -> out.append("\\b");
          case '\f' -> out.append("\\f");
          default -> {
            if (c < 0x20) {
              out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    }

    byte[] done() {
      return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  // --- decoding ------------------------------------------------------------------------------------

  private static LogRecord parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    long seq = number(node, "seq");
    Instant time = Instant.parse(text(node, "time"));
    String prev = text(node, "prev");
    return switch (text(node, "type")) {
      case "header" -> {
        if (!FORMAT.equals(text(node, "format"))) {
          throw new IllegalArgumentException("unknown format " + node.get("format"));
        }
        long every = number(node, "checkpointEvery");
        if (every > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("checkpointEvery out of range");
        }
        yield new Header(seq, time, text(node, "log"), text(node, "previousFile"), (int) every,
            number(node, "checkpointSeconds"), text(node, "key"), prev, text(node, "sig"));
      }
      case "entry" -> new Entry(seq, time, new AuditEvent(text(node, "user"), text(node, "auth"), text(node, "method"),
          text(node, "uri"), text(node, "action"), text(node, "object"), text(node, "problem"), decision(node),
          texts(node, "rules"), text(node, "message"), texts(node, "warnings"), textMap(node, "attributes")), prev);
      case "checkpoint" -> new Checkpoint(seq, time, text(node, "log"), text(node, "key"), prev, text(node, "sig"));
      case "recovery" -> new Recovery(seq, time, number(node, "unsigned"), number(node, "tornBytes"),
          text(node, "tornSha256"), prev);
      default -> throw new IllegalArgumentException("unknown record type " + node.get("type"));
    };
  }

  private static JsonNode member(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing field " + name);
    }
    return value;
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = member(node, name);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("field " + name + " is not a string");
    }
    return value.textValue();
  }

  private static long number(JsonNode node, String name) {
    JsonNode value = member(node, name);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException("field " + name + " is not an integer");
    }
    return value.longValue();
  }

  private static boolean decision(JsonNode node) {
    return switch (text(node, "decision")) {
      case "allow" -> true;
      case "deny" -> false;
      default -> throw new IllegalArgumentException("decision is neither allow nor deny");
    };
  }

  private static List<String> texts(JsonNode node, String name) {
    JsonNode value = member(node, name);
    if (!value.isArray()) {
      throw new IllegalArgumentException("field " + name + " is not an array");
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new IllegalArgumentException("field " + name + " holds a non-string");
      }
      texts.add(item.textValue());
    }
    return texts;
  }

  private static Map<String, String> textMap(JsonNode node, String name) {
    JsonNode value = member(node, name);
    if (!value.isObject()) {
      throw new IllegalArgumentException("field " + name + " is not an object");
    }
    Map<String, String> map = new TreeMap<>();
    for (var field : value.properties()) {
      if (!field.getValue().isTextual()) {
        throw new IllegalArgumentException("field " + name + " holds a non-string");
      }
      map.put(field.getKey(), field.getValue().textValue());
    }
    return map;
  }

  private static boolean regionEquals(byte[] bytes, int at, byte[] expected) {
    return Arrays.equals(bytes, at, at + expected.length, expected, 0, expected.length);
  }

  private static boolean isHex(byte[] bytes, int at, int count) {
    for (int i = at; i < at + count; i++) {
      byte b = bytes[i];
      if (!((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
