package dev.bulwark.layer;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.io.Limits;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Walks a layer tar (POSIX ustar, pax and GNU extensions) in one pass. Written here rather than
 * borrowed because this is the first parser attacker-controlled bytes reach: every header is
 * checksummed, every extension header (GNU long names, pax records) is bounded, and entry data is
 * handed out as a window that cannot read past the entry. Types that carry no data (links,
 * directories, devices) are treated as such whatever their size field says, as Go's archive/tar
 * (and so containerd and Docker) does.
 */
public final class TarWalker {
  private static final int BLOCK = 512;
  private static final int MAX_PAX_BYTES = 1 << 20;

  private final InputStream in;
  private final Limits limits;
  private final String input;
  private final byte[] header = new byte[BLOCK];
  private final byte[] skipBuffer = new byte[1 << 16];

  private TarWalker(InputStream in, Limits limits, String input) {
    this.in = in;
    this.limits = limits;
    this.input = input;
  }

  /** Walks {@code in} to its end-of-archive marker (or its end), calling {@code visitor}. */
  public static void walk(InputStream in, Limits limits, String input, EntryVisitor visitor) throws IOException {
    new TarWalker(in, limits, input).walk(visitor);
  }

  private void walk(EntryVisitor visitor) throws IOException {
    String longName = null;
    String longLink = null;
    Map<String, String> pax = Map.of();
    Map<String, String> globalPax = new HashMap<>();
    int entries = 0;
    while (true) {
      if (!readHeader()) {
        return; // end of stream without the end-of-archive marker: accepted, as GNU tar does
      }
      if (isZeroBlock()) {
        return;
      }
      checkChecksum();
      if (++entries > limits.maxEntriesPerLayer()) {
        throw new LimitExceededException(input, "entry count", limits.maxEntriesPerLayer());
      }
      char type = (char) header[156];
      long size = number(124, 12);
      if (size < 0) {
        throw new InputException(input + ": tar entry with a negative size");
      }
      switch (type) {
        case 'L' -> {
          longName = readText(size, limits.maxPathBytes(), "GNU long name");
          continue;
        }
        case 'K' -> {
          longLink = readText(size, limits.maxPathBytes(), "GNU long link name");
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
      longName = null;
      longLink = null;
      pax = Map.of();
      int mode = (int) (number(100, 8) & 07777);
      boolean sparse = type == 'S' || attributes.keySet().stream().anyMatch(k -> k.startsWith("GNU.sparse."));
      EntryType entryType =
          switch (type) {
            case '0', '\0', '7' -> EntryType.FILE;
            case '1' -> EntryType.HARDLINK;
            case '2' -> EntryType.SYMLINK;
            case '5' -> EntryType.DIRECTORY;
            case '3', '4', '6' -> EntryType.OTHER;
            case 'S' -> EntryType.FILE;
            default -> null;
          };
      boolean hasData = entryType == null || entryType == EntryType.FILE;
      long dataSize = hasData ? size : 0;
      if (entryType == null) {
        visitor.rejected(name, "unsupported tar entry type '" + printable(type) + "'");
        skipData(dataSize);
        continue;
      }
      deliver(visitor, name, entryType, dataSize, mode, link, sparse);
      skipData(dataSize);
    }
  }

  private void deliver(EntryVisitor visitor, String name, EntryType type, long size, int mode, String link, boolean sparse)
      throws IOException {
    if (sparse) {
      visitor.rejected(name, "sparse files are not read");
      return;
    }
    String base = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    String fileName = base.substring(base.lastIndexOf('/') + 1);
    if (fileName.startsWith(".wh.")) {
      EntryPaths.Checked checked = EntryPaths.check(base, limits.maxPathBytes());
      if (checked instanceof EntryPaths.Refused refused) {
        visitor.rejected(name, refused.reason());
        return;
      }
      String path = ((EntryPaths.Accepted) checked).path();
      String parent = EntryPaths.parent(path).orElse("/");
      if (fileName.equals(".wh..wh..opq")) {
        visitor.opaque(parent);
      } else if (fileName.startsWith(".wh..wh.")) {
        return; // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): not part of the tree
      } else {
        String target = fileName.substring(4);
        if (target.isEmpty() || target.equals(".") || target.equals("..")) {
          visitor.rejected(name, "malformed whiteout");
        } else {
          visitor.whiteout(EntryPaths.join(parent, target));
        }
      }
      return;
    }
    EntryPaths.Checked checked = EntryPaths.check(name, limits.maxPathBytes());
    if (checked instanceof EntryPaths.Refused refused) {
      visitor.rejected(name, refused.reason());
      return;
    }
    String path = ((EntryPaths.Accepted) checked).path();
    String linkTarget = "";
    if (type == EntryType.HARDLINK) {
      EntryPaths.Checked target = EntryPaths.check(link, limits.maxPathBytes());
      if (target instanceof EntryPaths.Refused refused) {
        visitor.rejected(name, "hardlink target: " + refused.reason());
        return;
      }
      linkTarget = ((EntryPaths.Accepted) target).path();
    } else if (type == EntryType.SYMLINK) {
      if (link.isEmpty() || link.indexOf('\0') >= 0 || link.length() > limits.maxPathBytes()) {
        visitor.rejected(name, "symlink with an empty, overlong or malformed target");
        return;
      }
      linkTarget = link;
    }
    if (path.equals("/") && type != EntryType.DIRECTORY) {
      visitor.rejected(name, "the root must be a directory");
      return;
    }
    EntryWindow window = new EntryWindow(in, size);
    visitor.entry(new LayerEntry(path, type, size, mode, linkTarget), window);
    remainingInEntry = window.remaining();
  }

  private long remainingInEntry = -1;

  /**
   * Skips what the visitor left of the entry's data, then the padding to the next block. The data
   * must be whole; padding cut short by the end of the stream is accepted as the end of the
   * archive, as GNU tar does, because umoci writes layers whose last entry is not padded.
   */
  private void skipData(long size) throws IOException {
    long remaining = remainingInEntry >= 0 ? remainingInEntry : size;
    remainingInEntry = -1;
    skipFully(remaining);
    long padding = (BLOCK - (size % BLOCK)) % BLOCK;
    while (padding > 0) {
      int n = in.read(skipBuffer, 0, (int) padding);
      if (n < 0) {
        return;
      }
      padding -= n;
    }
  }

  private void skipFully(long count) throws IOException {
    long left = count;
    while (left > 0) {
      int n = in.read(skipBuffer, 0, (int) Math.min(skipBuffer.length, left));
      if (n < 0) {
        throw new InputException(input + ": tar truncated inside an entry");
      }
      left -= n;
    }
  }

  private boolean readHeader() throws IOException {
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
    skipFully((BLOCK - (size % BLOCK)) % BLOCK);
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

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
  }

  /** A window on the tar stream over one entry's data. */
  private static final class EntryWindow extends InputStream {
    private final InputStream in;
    private long remaining;

    EntryWindow(InputStream in, long size) {
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
      byte[] scratch = new byte[(int) Math.min(65536, Math.max(1, Math.min(n, remaining)))];
      long skipped = 0;
      while (skipped < n && remaining > 0) {
        int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(Math.min(remaining, Integer.MAX_VALUE), in.available());
    }

    @Override
    public void close() {
      // The walker owns the underlying stream and skips what is left.
    }
  }
}
