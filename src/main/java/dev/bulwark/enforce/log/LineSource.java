package dev.bulwark.enforce.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a log file line by line as exact bytes, holding at most one bounded line, and says whether
 * each line ended with a newline (a last line without one is a write cut short).
 */
final class LineSource implements Closeable {
  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;
  private byte[] line = new byte[1024];
  private int length;
  private long fullLength;
  private boolean terminated;
  private long number;
  private long offset;
  private long nextOffset;

  LineSource(Path file, int maxLineBytes) throws IOException {
    this.in = Files.newInputStream(file);
    this.maxLineBytes = maxLineBytes;
  }

  /** Moves to the next line; false at the end of the file. */
  boolean next() throws IOException {
    length = 0;
    fullLength = 0;
    terminated = false;
    offset = nextOffset;
    while (true) {
      if (position == limit) {
        int n = in.read(buffer);
        if (n <= 0) {
          if (fullLength == 0) {
            return false;
          }
          number++;
          return true;
        }
        position = 0;
        limit = n;
      }
      int end = position;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      keep(position, end - position);
      nextOffset += end - position;
      if (end < limit) {
        position = end + 1;
        nextOffset++;
        terminated = true;
        number++;
        return true;
      }
      position = limit;
    }
  }

  private void keep(int from, int count) {
    fullLength += count;
    int room = Math.min(count, maxLineBytes - length);
    if (room <= 0) {
      return;
    }
    if (length + room > line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + room)));
    }
    System.arraycopy(buffer, from, line, length, room);
    length += room;
  }

  /** The line's bytes, valid in {@code [0, length())} until the next call. */
  byte[] bytes() {
    return line;
  }

  int length() {
    return length;
  }

  /** Whether the line was longer than the bound (only its start is kept). */
  boolean tooLong() {
    return fullLength > length;
  }

  /** The line's length in the file, without its newline. */
  long fullLength() {
    return fullLength;
  }

  boolean terminated() {
    return terminated;
  }

  /** 1-based. */
  long number() {
    return number;
  }

  /** Where the line starts in the file. */
  long offset() {
    return offset;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
