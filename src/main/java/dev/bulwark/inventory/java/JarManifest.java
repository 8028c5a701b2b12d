package dev.bulwark.inventory.java;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The main section of a {@code META-INF/MANIFEST.MF}: the attributes that describe the archive
 * itself. The sections after the first blank line describe single entries (and fill most of a
 * signed jar's manifest), so they are neither read nor parsed.
 *
 * <p>Parsing follows the JAR specification loosely enough for real files: lines end in CR LF, LF
 * or CR; a line starting with one space continues the previous one; attribute names are
 * case-insensitive; a malformed line is ignored rather than failing the archive.
 */
final class JarManifest {
  private static final int CHUNK = 8192;

  private final Map<String, String> attributes;

  private JarManifest(Map<String, String> attributes) {
    this.attributes = attributes;
  }

  /** The main section of a manifest, or empty when it is longer than {@code limit} bytes. */
  static Optional<JarManifest> readMainSection(InputStream in, int limit) throws IOException {
    byte[] bytes = new byte[CHUNK];
    int filled = 0;
    int end = -1;
    while (end < 0) {
      if (filled == bytes.length) {
        if (filled > limit) {
          return Optional.empty();
        }
        bytes = Arrays.copyOf(bytes, Math.min(bytes.length * 2, limit + CHUNK));
      }
      int n = in.read(bytes, filled, bytes.length - filled);
      if (n < 0) {
        break;
      }
      // Rescan a few bytes before the new data: a blank line may straddle two reads.
      end = sectionEnd(bytes, filled + n, Math.max(0, filled - 3));
      filled += n;
    }
    int length = end < 0 ? filled : end;
    if (length > limit) {
      return Optional.empty();
    }
    return Optional.of(new JarManifest(parse(bytes, length)));
  }

  /** Parses a whole manifest text (tests, and files read elsewhere). */
  static JarManifest parse(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int end = sectionEnd(bytes, bytes.length, 0);
    return new JarManifest(parse(bytes, end < 0 ? bytes.length : end));
  }

  /** An attribute of the main section, stripped; empty when absent or blank. */
  Optional<String> value(String name) {
    String value = attributes.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /** Where the first blank line starts (the end of the main section), or -1. */
  private static int sectionEnd(byte[] bytes, int length, int from) {
    // A blank line is a line break directly followed by another one (or the text starts with one).
    if (from == 0 && length > 0 && (bytes[0] == '\n' || bytes[0] == '\r')) {
      return 0;
    }
    for (int i = from; i < length; i++) {
      byte b = bytes[i];
      if (b != '\n' && b != '\r') {
        continue;
      }
      int next = i + 1;
      if (b == '\r' && next < length && bytes[next] == '\n') {
        next++;
      }
      if (next < length && (bytes[next] == '\n' || bytes[next] == '\r')) {
        return next;
      }
    }
    return -1;
  }

  private static Map<String, String> parse(byte[] bytes, int length) {
    Map<String, String> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    StringBuilder logical = new StringBuilder();
    int start = 0;
    while (start < length) {
      int stop = start;
      while (stop < length && bytes[stop] != '\n' && bytes[stop] != '\r') {
        stop++;
      }
      String line = new String(bytes, start, stop - start, StandardCharsets.UTF_8);
      if (line.startsWith(" ")) {
        logical.append(line, 1, line.length());
      } else {
        add(attributes, logical);
        logical.setLength(0);
        logical.append(line);
      }
      start = stop;
      if (start < length && bytes[start] == '\r') {
        start++;
      }
      if (start < length && bytes[start] == '\n') {
        start++;
      }
    }
    add(attributes, logical);
    return attributes;
  }

  private static void add(Map<String, String> attributes, CharSequence line) {
    String text = line.toString();
    int colon = text.indexOf(':');
    if (colon <= 0) {
      return;
    }
    String name = text.substring(0, colon).strip();
    if (!name.isEmpty() && !attributes.containsKey(name)) {
      attributes.put(name, text.substring(colon + 1).strip());
    }
  }
}
