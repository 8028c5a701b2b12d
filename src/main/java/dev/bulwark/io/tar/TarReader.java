package dev.bulwark.io.tar;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a tar archive (POSIX ustar, pax and GNU extensions) entry by entry, in one pass. Written
 * here rather than borrowed because this is the first parser attacker-controlled bytes reach:
 * every header is checksummed, every extension header (GNU long names, pax records) is bounded
 * before it is read, entry data is handed out as a window that cannot read past the entry, and
 * the types that carry no data are read as such whatever their size field says, as Go's
 * archive/tar (and so containerd and Docker) reads them. Data is skipped with {@code skip}, so a
 * seekable source (an archive on disk) is indexed without reading its contents.
 */
public final class TarReader {
  private static final int BLOCK = 512;
  private static final int MAX_PAX_BYTES = 1 << 20;

  private final CountingInput in;
  private final int maxNameBytes;
  private final int maxEntries;
  private final String input;
  private final boolean seekable;
  private final byte[] header = new byte[BLOCK];
  private byte[] scratch;
  private final Map<String, String> globalPax = new HashMap<>();
  private int entries;
  private Window current;
  private long currentSize;
  private long currentOffset;
  private boolean ended;

  private TarReader(InputStream in, int maxNameBytes, int maxEntries, String input, boolean seekable) {
    this.in = new CountingInput(in);
    this.maxNameBytes = maxNameBytes;
    this.maxEntries = maxEntries;
    this.input = input;
    this.seekable = seekable;
  }

  /**
   * A reader that reads through the data it skips (a decompressing or hashing stream, where every
   * byte must pass anyway).
   *
   * @param input names the archive in error messages
   * @param maxNameBytes bound on names and link names, GNU long names and pax paths included
   */
  public static TarReader streaming(InputStream in, int maxNameBytes, int maxEntries, String input) {
    return new TarReader(in, maxNameBytes, maxEntries, input, false);
  }

  /** A reader that skips data with {@code InputStream.skip}: for a source that seeks (a file). */
  public static TarReader seekable(InputStream in, int maxNameBytes, int maxEntries, String input) {
    return new TarReader(in, maxNameBytes, maxEntries, input, true);
  }

  /** The next entry, or empty at the end of the archive; what is left of the previous one is skipped. */
  public Optional<TarEntry> next() throws IOException {
    if (ended) {
      return Optional.empty();
    }
    finishCurrent();
    String longName = null;
    String longLink = null;
    Map<String, String> pax = Map.of();
    while (true) {
      if (!readHeader() || isZeroBlock()) {
        ended = true;
        return Optional.empty();
      }
      checkChecksum();
      if (++entries > maxEntries) {
        throw new LimitExceededException(input, "entry count", maxEntries);
      }
      char type = (char) header[156];
      long size = number(124, 12);
      switch (type) {
        case 'L' -> {
          longName = readText(size, maxNameBytes, "GNU long name");
          continue;
        }
        case 'K' -> {
          longLink = readText(size, maxNameBytes, "GNU long link name");
          continue;
        }
        case 'x', 'X' -> {
          pax = parsePax(readText(size, MAX_PAX_BYTES, "pax header"));
          continue;
        }
        case 'g' -> {
          globalPax.putAll(parsePax(readText(size, MAX_PAX_BYTES, "pax global header")));
          continue;
        }
        default -> {}
      }
      Map<String, String> attributes = pax;
      if (!globalPax.isEmpty()) {
        attributes = new HashMap<>(globalPax);
        attributes.putAll(pax);
      }
      String name = longName != null ? longName
          : attributes.getOrDefault("GNU.sparse.name", attributes.getOrDefault("path", ustarName()));
      String link = longLink != null ? longLink : attributes.getOrDefault("linkpath", field(157, 100));
      if (attributes.containsKey("size")) {
        size = paxNumber(attributes.get("size"), "size");
      }
      if (name.length() > maxNameBytes || link.length() > maxNameBytes) {
        throw new LimitExceededException(input, "entry name", maxNameBytes);
      }
      boolean sparse = type == 'S' || attributes.keySet().stream().anyMatch(k -> k.startsWith("GNU.sparse."));
      TarEntry entry = new TarEntry(name, type, 0, (int) (number(100, 8) & 07777), link, sparse);
      boolean headerOnly = entry.isHardlink() || entry.isSymlink() || entry.isDirectory() || entry.isSpecial();
      long dataSize = headerOnly ? 0 : size;
      currentSize = dataSize;
      currentOffset = in.count();
      current = new Window(in, dataSize);
      return Optional.of(new TarEntry(name, type, dataSize, entry.mode(), link, sparse));
    }
  }

  /** The current entry's data; valid until the next call to {@link #next()}. */
  public InputStream data() {
    if (current == null) {
      throw new IllegalStateException("no current entry");
    }
    return current;
  }

  /** Where the current entry's data starts, counted from the start of the stream. */
  public long dataOffset() {
    return currentOffset;
  }

  /**
   * Skips what is left of the current entry's data, then its padding. The data must be whole;
   * padding cut short by the end of the stream is taken as the end of the archive, as GNU tar
   * does, because umoci writes layers whose last entry is not padded.
   */
  private void finishCurrent() throws IOException {
    if (current == null) {
      return;
    }
    skipFully(current.remaining(), "an entry");
    long padding = (BLOCK - (currentSize % BLOCK)) % BLOCK;
    long skipped = skipUpTo(padding);
    if (skipped < padding) {
      ended = true;
    }
    current = null;
  }

  private void skipFully(long count, String where) throws IOException {
    if (skipUpTo(count) < count) {
      throw new InputException(input + ": tar truncated inside " + where);
    }
  }

  private long skipUpTo(long count) throws IOException {
    long left = count;
    if (!seekable) {
      if (scratch == null) {
        scratch = new byte[1 << 16];
      }
      while (left > 0) {
        int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
        if (n < 0) {
          break;
        }
        left -= n;
      }
      return count - left;
    }
    while (left > 0) {
      long n = in.skip(left);
      if (n <= 0) {
        if (in.read() < 0) {
          break;
        }
        n = 1;
      }
      left -= n;
    }
    return count - left;
  }

  private boolean readHeader() throws IOException {
    if (ended) {
      return false;
    }
    int read = in.readNBytes(header, 0, BLOCK);
    if (read == 0) {
      return false;
    }
    if (read < BLOCK) {
      throw new InputException(input + ": tar truncated inside a header");
    }
    return true;
  }

  private boolean isZeroBlock() {
    for (byte b : header) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private void checkChecksum() {
    long stored = number(148, 8);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      byte b = (i >= 148 && i < 156) ? (byte) ' ' : header[i];
      unsigned += b & 0xff;
      signed += b;
    }
    if (stored != unsigned && stored != signed) {
      throw new InputException(input + ": not a tar archive or corrupt (header checksum mismatch)");
    }
  }

  private String ustarName() {
    String name = field(0, 100);
    boolean posix = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
        && header[261] == 'r' && header[262] == 0;
    if (posix) {
      String prefix = field(345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  private String field(int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  /** An octal field, or GNU base-256 when the high bit of its first byte is set. */
  private long number(int offset, int length) {
    if ((header[offset] & 0x80) != 0) {
      long value = header[offset] & 0x7f;
      if ((value & 0x40) != 0) {
        throw new InputException(input + ": tar header with a negative base-256 number");
      }
      for (int i = 1; i < length; i++) {
        if ((value >>> 55) != 0) {
          throw new InputException(input + ": tar header number overflows");
        }
        value = (value << 8) | (header[offset + i] & 0xff);
      }
      return value;
    }
    long value = 0;
    int i = offset;
    int end = offset + length;
    while (i < end && (header[i] == ' ' || header[i] == 0)) {
      i++;
    }
    for (; i < end; i++) {
      byte b = header[i];
      if (b == 0 || b == ' ') {
        break;
      }
      if (b < '0' || b > '7') {
        throw new InputException(input + ": not a tar archive or corrupt (bad octal field)");
      }
      if ((value >>> 60) != 0) {
        throw new InputException(input + ": tar header number overflows");
      }
      value = (value << 3) | (b - '0');
    }
    return value;
  }

  private String readText(long size, int limit, String what) throws IOException {
    if (size > limit) {
      throw new LimitExceededException(input, what, limit);
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new InputException(input + ": tar truncated inside a " + what);
    }
    skipFully((BLOCK - (size % BLOCK)) % BLOCK, "a " + what);
    int end = data.length;
    while (end > 0 && data[end - 1] == 0) {
      end--;
    }
    return new String(data, 0, end, StandardCharsets.UTF_8);
  }

  /** Pax records are {@code "<length> <key>=<value>\n"}, the length counting the whole record. */
  private Map<String, String> parsePax(String text) {
    Map<String, String> records = new HashMap<>();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int position = 0;
    while (position < bytes.length) {
      int space = position;
      while (space < bytes.length && bytes[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(bytes, position, space - position, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new InputException(input + ": malformed pax record length");
      }
      if (length <= space - position + 1 || position + length > bytes.length || bytes[position + length - 1] != '\n') {
        throw new InputException(input + ": malformed pax record");
      }
      String record = new String(bytes, space + 1, position + length - space - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals <= 0) {
        throw new InputException(input + ": malformed pax record");
      }
      records.put(record.substring(0, equals), record.substring(equals + 1));
      position += length;
    }
    return records;
  }

  private long paxNumber(String text, String key) {
    try {
      long value = Long.parseLong(text.trim());
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InputException(input + ": malformed pax " + key + " '" + text + "'");
    }
  }

  /** Counts what passes, so that data offsets are known. */
  private static final class CountingInput extends InputStream {
    private final InputStream in;
    private long count;

    CountingInput(InputStream in) {
      this.in = in;
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      if (skipped > 0) {
        count += skipped;
      }
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }
  }

  /** A window on the archive over one entry's data. */
  private static final class Window extends InputStream {
    private final InputStream in;
    private long remaining;

    Window(InputStream in, long size) {
      this.in = in;
      this.remaining = size;
    }

    long remaining() {
      return remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b < 0) {
        throw new EOFException("tar truncated inside an entry");
      }
      remaining--;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, remaining));
      if (n < 0) {
        throw new EOFException("tar truncated inside an entry");
      }
      remaining -= n;
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long step = Math.min(n, remaining);
      long skipped = 0;
      while (skipped < step) {
        long s = in.skip(step - skipped);
        if (s <= 0) {
          if (in.read() < 0) {
            throw new EOFException("tar truncated inside an entry");
          }
          s = 1;
        }
        skipped += s;
      }
      remaining -= skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(Math.min(remaining, Integer.MAX_VALUE), in.available());
    }

    @Override
    public void close() {
      // The reader owns the stream and skips what is left.
    }
  }
}
