package dev.bulwark.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a stream line by line as bytes, holding at most one bounded line in memory, so a database
 * with a pathological line cannot exhaust the heap. Bytes are decoded only for the values a caller
 * keeps.
 */
public final class LineReader {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int position;
  private int limit;
  private boolean eof;
  private byte[] line = new byte[256];
  private int length;
  private boolean truncated;
  private long number;

  public LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Moves to the next line (without its newline); false at the end of the stream. A line longer
   * than the bound keeps its first bytes and reports {@link #truncated()}.
   */
  public boolean next() throws IOException {
    length = 0;
    truncated = false;
    boolean consumed = false;
    while (true) {
      if (position == limit) {
        if (eof || !fill()) {
          if (consumed) {
            number++;
          }
          return consumed;
        }
      }
      consumed = true;
      int end = position;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      append(position, end - position);
      if (end < limit) {
        position = end + 1;
        number++;
        return true;
      }
      position = limit;
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n < 0) {
      eof = true;
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  private void append(int from, int count) {
    int room = maxLineBytes - length;
    if (count > room) {
      truncated = true;
      count = room;
    }
    if (count <= 0) {
      return;
    }
    if (length + count > line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + count)));
    }
    System.arraycopy(buffer, from, line, length, count);
    length += count;
  }

  /** The current line's bytes, valid in {@code [0, length())} until the next call to {@link #next}. */
  public byte[] bytes() {
    return line;
  }

  public int length() {
    return length;
  }

  /** Whether the current line was longer than the bound (and only its start was kept). */
  public boolean truncated() {
    return truncated;
  }

  /** The 1-based number of the current line. */
  public long number() {
    return number;
  }

  /** Bytes {@code [from, to)} of the current line as UTF-8, less a trailing CR. */
  public String value(int from, int to) {
    if (to > from && line[to - 1] == '\r') {
      to--;
    }
    return new String(line, from, to - from, StandardCharsets.UTF_8);
  }

  /** Bytes {@code [from, to)} of the current line as UTF-8, with spaces, tabs and CRs trimmed. */
  public String trimmed(int from, int to) {
    while (from < to && isBlank(line[from])) {
      from++;
    }
    while (to > from && isBlank(line[to - 1])) {
      to--;
    }
    return new String(line, from, to - from, StandardCharsets.UTF_8);
  }

  /** Whether the current line holds nothing but spaces, tabs and CRs. */
  public boolean blank() {
    for (int i = 0; i < length; i++) {
      if (!isBlank(line[i])) {
        return false;
      }
    }
    return true;
  }

  public static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r';
  }
}
