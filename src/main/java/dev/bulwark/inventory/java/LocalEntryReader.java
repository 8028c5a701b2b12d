package dev.bulwark.inventory.java;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * The entries of a zip archive read in one pass from their local file headers, as they stream by.
 * Written for scanning many large archives: an entry nobody reads costs next to nothing.
 *
 * <ul>
 *   <li>An entry whose size is in its local header is passed over raw.
 *   <li>An entry whose size follows its data in a data descriptor (the JDK's {@code jar} tool and
 *       other streaming writers) is passed over by looking for that descriptor: a {@code PK\7\8}
 *       record, or one without its optional signature, whose compressed size equals the distance
 *       travelled and which is followed by the next header. That costs a byte comparison per byte
 *       instead of inflating the entry, works for any compression method, and also finds the end of
 *       a STORED entry holding another zip, whose own headers fool a reader that stops at the first
 *       signature (as commons-compress's streaming reader does).
 *   <li>Only entries that are read are inflated: STORED content is streamed as it is, DEFLATED
 *       content inflated; other methods and encrypted entries cannot be read.
 * </ul>
 *
 * <p>Memory is one 64 KiB window and one inflater, whatever the archive holds. Reading stops at the
 * central directory; the caller drains what follows.
 */
final class LocalEntryReader implements AutoCloseable {
  private static final int LOCAL_HEADER = 0x04034b50;
  private static final int CENTRAL_HEADER = 0x02014b50;
  private static final int DESCRIPTOR = 0x08074b50;
  private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
  private static final int ZIP64_END = 0x06064b50;
  private static final int ARCHIVE_EXTRA_DATA = 0x08064b50;
  private static final int STORED = 0;
  private static final int DEFLATED = 8;
  /** Bytes needed after a candidate descriptor to check it: signature, CRC, 8-byte sizes, next signature. */
  private static final int LOOKAHEAD = 28;
  /** Longest descriptor without its signature: CRC and two 8-byte sizes. */
  private static final int DESCRIPTOR_MAX = 20;
  private static final long UNKNOWN = -1;

  /** One local file header; sizes are {@code -1} when a data descriptor gives them after the data. */
  record Entry(String name, int method, int flags, long compressedSize, long size) {
    boolean hasDescriptor() {
      return (flags & 8) != 0;
    }

    boolean isDirectory() {
      return name.endsWith("/");
    }

    /** Whether its content can be read: not encrypted, STORED or DEFLATED. */
    boolean readable() {
      return (flags & 1) == 0 && (method == STORED || method == DEFLATED);
    }
  }

  private final ByteWindow w;
  private final Inflater inflater = new Inflater(true);
  private Entry current;
  private long dataStart;
  /** Absolute offset where the current entry's data ends, once known. */
  private long dataEnd = UNKNOWN;
  /** Absolute offset from which the search for the descriptor goes on. */
  private long scanFrom;
  private boolean contentOpened;

  LocalEntryReader(InputStream in) {
    this.w = new ByteWindow(in);
  }

  /**
   * Whether the bytes hold local file headers (or are an empty archive). A preamble before the first
   * header — the launch script of an executable jar, a self-extractor's stub — is passed over when
   * the header starts within the first window (64 KiB).
   */
  boolean findEntries() throws IOException {
    if (!w.ensure(4)) {
      return false;
    }
    int signature = w.int32(w.pos);
    if (signature == LOCAL_HEADER || signature == END_OF_CENTRAL_DIRECTORY) {
      return true;
    }
    while (w.lim < w.buf.length && w.fill()) {
      // the whole first window
    }
    for (int i = w.pos; i + 4 <= w.lim; i++) {
      if (w.buf[i] == 'P' && w.buf[i + 1] == 'K' && w.int32(i) == LOCAL_HEADER) {
        w.pos = i;
        return true;
      }
    }
    return false;
  }

  /** The bytes not consumed yet, from the current position on. */
  InputStream rest() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        return ByteWindow.readOne(this);
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return len == 0 ? 0 : w.take(b, off, len);
      }
    };
  }

  /** The next entry, or null at the central directory or the end of the bytes. */
  Entry next() throws IOException {
    if (current != null) {
      finishEntry();
      current = null;
    }
    if (!w.ensure(4)) {
      return null;
    }
    int signature = w.int32(w.pos);
    if (signature == DESCRIPTOR && w.position() == 0 && current == null) {
      // The marker a split archive starts with; a single-part "split" archive is an ordinary one.
      w.pos += 4;
      return next();
    }
    if (signature != LOCAL_HEADER) {
      if (signature == CENTRAL_HEADER || signature == END_OF_CENTRAL_DIRECTORY || signature == ZIP64_END
          || signature == ARCHIVE_EXTRA_DATA) {
        return null;
      }
      throw new ZipException("unexpected record signature 0x" + Integer.toHexString(signature) + " at offset "
          + w.position());
    }
    w.require(30, "zip header");
    int p = w.pos;
    int flags = w.uint16(p + 6);
    int method = w.uint16(p + 8);
    long compressedSize = w.uint32(p + 18);
    long size = w.uint32(p + 22);
    int nameLength = w.uint16(p + 26);
    int extraLength = w.uint16(p + 28);
    w.pos += 30;
    String name = new String(w.read(nameLength, "zip header"), StandardCharsets.UTF_8);
    if (compressedSize == 0xffffffffL || size == 0xffffffffL) {
      long[] sizes = zip64Sizes(w.read(extraLength, "zip header"));
      if (sizes.length == 2) {
        size = sizes[0];
        compressedSize = sizes[1];
      } else if (sizes.length == 1 && size == 0xffffffffL) {
        size = sizes[0];
      } else if (sizes.length == 1) {
        compressedSize = sizes[0];
      }
    } else {
      w.skip(extraLength, "zip header");
    }
    boolean descriptor = (flags & 8) != 0;
    if (!descriptor && compressedSize < 0) {
      throw new ZipException("invalid compressed size in the header of " + name);
    }
    current = new Entry(name, method, flags, descriptor ? UNKNOWN : compressedSize, descriptor ? UNKNOWN : size);
    dataStart = w.position();
    dataEnd = descriptor ? UNKNOWN : dataStart + compressedSize;
    scanFrom = dataStart;
    contentOpened = false;
    inflater.reset();
    return current;
  }

  /** The current entry's content; only for a {@link Entry#readable()} entry, and once. */
  InputStream content() {
    if (current == null || !current.readable() || contentOpened) {
      throw new IllegalStateException("no readable entry");
    }
    contentOpened = true;
    return current.method() == DEFLATED ? new Inflating() : new Stored();
  }

  @Override
  public void close() {
    inflater.end();
  }

  /** Moves past the rest of the current entry's data and its descriptor. */
  private void finishEntry() throws IOException {
    if (dataEnd == UNKNOWN && current.method() == DEFLATED && inflater.finished()) {
      dataEnd = w.position();
    }
    scanFrom = Math.max(scanFrom, w.position());
    while (dataEnd == UNKNOWN) {
      dataEnd = findDataEnd();
      if (dataEnd == UNKNOWN) {
        // What lies well before the search position is data: let the window drop it.
        w.pos = (int) Math.max(w.pos, Math.min(w.lim, scanFrom - w.start - DESCRIPTOR_MAX));
        if (!w.fill()) {
          throw new ZipException("no data descriptor found after the data of " + current.name());
        }
      }
    }
    w.skip(dataEnd - w.position(), "entry " + current.name());
    if (current.hasDescriptor()) {
      w.ensure(4 + DESCRIPTOR_MAX + 4);
      if (w.lim - w.pos >= 4 && w.int32(w.pos) == DESCRIPTOR) {
        w.pos += 4;
      }
      w.skip(descriptorLength(), "data descriptor of " + current.name());
    }
  }

  /**
   * 12 bytes (CRC, two 4-byte sizes) or 20 (ZIP64, 8-byte sizes), whichever is followed by a header:
   * writers choose the ZIP64 form by the entry's size, which only they knew.
   */
  private int descriptorLength() {
    if (w.lim - w.pos >= 16 && nextHeader(w.pos + 12)) {
      return 12;
    }
    if (w.lim - w.pos >= 24 && nextHeader(w.pos + 20)) {
      return 20;
    }
    return 12;
  }

  /**
   * Looks through the window from {@link #scanFrom} for the end of the current entry's data: a
   * descriptor recording the data's length and followed by the next header. Returns its absolute
   * offset, or {@link #UNKNOWN} after moving {@code scanFrom} past what was searched.
   */
  private long findDataEnd() {
    byte[] buf = w.buf;
    int from = (int) Math.max(scanFrom - w.start, 0);
    int last = w.eof ? w.lim - 4 : w.lim - LOOKAHEAD;
    for (int i = from; i <= last; i++) {
      if (buf[i] != 'P' || buf[i + 1] != 'K') {
        continue;
      }
      long at = w.start + i;
      if (w.int32(i) == DESCRIPTOR) {
        // CRC, then both sizes in 4 or in 8 bytes, then the next header.
        if (i + 20 <= w.lim && nextHeader(i + 16) && w.uint32(i + 8) == at - dataStart
            || i + 28 <= w.lim && nextHeader(i + 24) && w.int64(i + 8) == at - dataStart) {
          return at;
        }
      } else if (nextHeader(i)) {
        // A descriptor without its optional signature, right before the next header.
        if (i >= 12 && at - 12 >= dataStart && w.uint32(i - 8) == at - 12 - dataStart) {
          return at - 12;
        }
        if (i >= 20 && at - 20 >= dataStart && w.int64(i - 16) == at - 20 - dataStart) {
          return at - 20;
        }
      }
    }
    scanFrom = w.start + Math.max(from, last + 1);
    return UNKNOWN;
  }

  private boolean nextHeader(int i) {
    int signature = w.int32(i);
    return signature == LOCAL_HEADER || signature == CENTRAL_HEADER || signature == ARCHIVE_EXTRA_DATA;
  }

  /** STORED content: the bytes up to the known end, or up to a descriptor found while reading. */
  private final class Stored extends InputStream {
    @Override
    public int read() throws IOException {
      return ByteWindow.readOne(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (true) {
        long end = dataEnd != UNKNOWN ? dataEnd : findDataEnd();
        if (end != UNKNOWN) {
          dataEnd = end;
          long left = end - w.position();
          if (left <= 0) {
            return -1;
          }
          int n = w.take(b, off, (int) Math.min(len, left));
          if (n < 0) {
            throw new EOFException("truncated entry " + current.name());
          }
          return n;
        }
        // No end in sight: what lies well before the search position is data (a descriptor without
        // signature found next may start up to DESCRIPTOR_MAX bytes before it).
        int safe = (int) (scanFrom - w.start) - DESCRIPTOR_MAX;
        if (safe > w.pos) {
          return w.take(b, off, Math.min(len, safe - w.pos));
        }
        if (!w.fill()) {
          throw new ZipException("no data descriptor found after the data of " + current.name());
        }
      }
    }
  }

  /**
   * DEFLATED content, inflated straight from the window; where the deflate stream ends, the data
   * ends. The window only slides once the inflater has consumed all it was given.
   */
  private final class Inflating extends InputStream {
    private int given;

    @Override
    public int read() throws IOException {
      return ByteWindow.readOne(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (!inflater.finished()) {
        if (inflater.needsInput()) {
          long rawLeft = dataEnd == UNKNOWN ? Long.MAX_VALUE : dataEnd - w.position();
          if (rawLeft <= 0 || w.pos == w.lim && !w.fill()) {
            throw new EOFException("truncated deflate data in " + current.name());
          }
          given = (int) Math.min(w.lim - w.pos, rawLeft);
          inflater.setInput(w.buf, w.pos, given);
        }
        int n;
        try {
          n = inflater.inflate(b, off, len);
        } catch (DataFormatException e) {
          throw new ZipException("invalid deflate data in " + current.name() + ": " + e.getMessage());
        }
        int remaining = inflater.getRemaining();
        w.pos += given - remaining;
        given = remaining;
        if (n > 0) {
          return n;
        }
        if (inflater.needsDictionary()) {
          throw new ZipException("deflate data in " + current.name() + " needs a preset dictionary");
        }
      }
      return -1;
    }
  }

  /**
   * The sizes in a local header's ZIP64 extra field: both, original first, as the format requires
   * there; or the one a writer put, as in a central directory; none without the field.
   */
  private static long[] zip64Sizes(byte[] extra) {
    for (int i = 0; i + 4 <= extra.length; ) {
      int id = (extra[i] & 0xff) | (extra[i + 1] & 0xff) << 8;
      int length = (extra[i + 2] & 0xff) | (extra[i + 3] & 0xff) << 8;
      int data = i + 4;
      if (id == 1 && data + length <= extra.length) {
        if (length >= 16) {
          return new long[] {ByteWindow.littleEndian64(extra, data), ByteWindow.littleEndian64(extra, data + 8)};
        }
        if (length >= 8) {
          return new long[] {ByteWindow.littleEndian64(extra, data)};
        }
      }
      i = data + length;
    }
    return new long[0];
  }
}
