package dev.bulwark.inventory.java;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A buffer sliding over a stream, for {@link LocalEntryReader}: the bytes {@code buf[pos..lim)} are
 * read and not yet consumed, {@code buf[0]} is at absolute offset {@code start} in the stream. The
 * fields are open to the reader, whose search loops run over them directly.
 */
final class ByteWindow {
  private static final int SIZE = 64 * 1024;
  /** Bytes kept before {@code pos} when the window slides: a descriptor found late starts before it. */
  private static final int KEEP_BEHIND = 32;

  private final InputStream in;
  final byte[] buf = new byte[SIZE];
  int pos;
  int lim;
  long start;
  boolean eof;

  ByteWindow(InputStream in) {
    this.in = in;
  }

  /** Absolute offset of {@code pos}. */
  long position() {
    return start + pos;
  }

  /** Reads more bytes, sliding the window when it is full; false when the stream has ended. */
  boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (lim == buf.length) {
      int keep = Math.max(0, pos - KEEP_BEHIND);
      System.arraycopy(buf, keep, buf, 0, lim - keep);
      start += keep;
      pos -= keep;
      lim -= keep;
    }
    int n = in.read(buf, lim, buf.length - lim);
    if (n < 0) {
      eof = true;
      return false;
    }
    lim += n;
    return true;
  }

  /** At least {@code count} (at most the window size) unconsumed bytes; false if the stream ends first. */
  boolean ensure(int count) throws IOException {
    while (lim - pos < count) {
      if (!fill()) {
        return false;
      }
    }
    return true;
  }

  void require(int count, String what) throws IOException {
    if (!ensure(count)) {
      throw new EOFException("truncated " + what);
    }
  }

  void skip(long count, String what) throws IOException {
    while (count > 0) {
      if (pos == lim && !fill()) {
        throw new EOFException("truncated " + what);
      }
      int n = (int) Math.min(count, lim - pos);
      pos += n;
      count -= n;
    }
  }

  byte[] read(int length, String what) throws IOException {
    byte[] bytes = new byte[length];
    int done = 0;
    while (done < length) {
      if (pos == lim && !fill()) {
        throw new EOFException("truncated " + what);
      }
      int n = Math.min(length - done, lim - pos);
      System.arraycopy(buf, pos, bytes, done, n);
      pos += n;
      done += n;
    }
    return bytes;
  }

  /** Moves up to {@code len} available bytes out, filling first when none are; -1 at the end. */
  int take(byte[] b, int off, int len) throws IOException {
    if (pos == lim && !fill()) {
      return -1;
    }
    int n = Math.min(len, lim - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  int uint16(int i) {
    return (buf[i] & 0xff) | (buf[i + 1] & 0xff) << 8;
  }

  int int32(int i) {
    return (buf[i] & 0xff) | (buf[i + 1] & 0xff) << 8 | (buf[i + 2] & 0xff) << 16 | (buf[i + 3] & 0xff) << 24;
  }

  long uint32(int i) {
    return int32(i) & 0xffffffffL;
  }

  long int64(int i) {
    return littleEndian64(buf, i);
  }

  static long littleEndian64(byte[] b, int i) {
    long value = 0;
    for (int k = 7; k >= 0; k--) {
      value = value << 8 | (b[i + k] & 0xff);
    }
    return value;
  }

  /** Reads one byte through a bulk read; for the single-byte {@code read()} of streams. */
  static int readOne(InputStream in) throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = in.read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }
}
