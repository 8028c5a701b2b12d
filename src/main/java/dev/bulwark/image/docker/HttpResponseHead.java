package dev.bulwark.image.docker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The status line and headers of an HTTP/1.1 response (RFC 9112), read with bounds: one line, all
 * headers together, and their count.
 */
record HttpResponseHead(int status, String reason, Map<String, List<String>> headers) {
  static final int MAX_LINE_BYTES = 8192;
  static final int MAX_HEAD_BYTES = 64 * 1024;
  static final int MAX_HEADERS = 100;

  HttpResponseHead {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(copy);
  }

  /** The first value of a header (names are case-insensitive). */
  Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  /** Reads a head, skipping interim 1xx responses. */
  static HttpResponseHead read(InputStream in) throws IOException {
    while (true) {
      HttpResponseHead head = readOne(in);
      if (head.status() >= 200 || head.status() == 101) {
        return head;
      }
    }
  }

  private static HttpResponseHead readOne(InputStream in) throws IOException {
    int[] budget = {MAX_HEAD_BYTES};
    String statusLine = line(in, budget);
    if (statusLine == null) {
      throw new EOFException("the connection closed before a response");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
      throw new ProtocolException("malformed status line '" + abbreviate(statusLine) + "'");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    int count = 0;
    while (true) {
      String line = line(in, budget);
      if (line == null) {
        throw new EOFException("the connection closed inside the response headers");
      }
      if (line.isEmpty()) {
        break;
      }
      if (++count > MAX_HEADERS) {
        throw new ProtocolException("more than " + MAX_HEADERS + " response headers");
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        throw new ProtocolException("malformed header line '" + abbreviate(line) + "'");
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
    }
    return new HttpResponseHead(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", headers);
  }

  /**
   * One line without its CRLF (a bare LF is tolerated), or null at end of stream before any byte.
   * {@code budget[0]} is what the whole head may still use.
   */
  static String line(InputStream in, int[] budget) throws IOException {
    byte[] buffer = new byte[256];
    int length = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (length == 0) {
          return null;
        }
        throw new EOFException("the connection closed inside a line");
      }
      if (--budget[0] < 0) {
        throw new ProtocolException("response head longer than " + MAX_HEAD_BYTES + " bytes");
      }
      if (b == '\n') {
        if (length > 0 && buffer[length - 1] == '\r') {
          length--;
        }
        return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
      }
      if (length >= MAX_LINE_BYTES) {
        throw new ProtocolException("response line longer than " + MAX_LINE_BYTES + " bytes");
      }
      if (length == buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_LINE_BYTES + 1));
      }
      buffer[length++] = (byte) b;
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
