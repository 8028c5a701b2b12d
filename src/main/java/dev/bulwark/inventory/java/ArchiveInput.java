package dev.bulwark.inventory.java;

import dev.bulwark.io.Bounded;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bytes of one archive as they come from its container (the layer, or the entry of an outer
 * archive), before any zip parsing. Everything read passes through here once, so this is where
 *
 * <ul>
 *   <li>the archive's SHA-1 is computed (skips are read, never jumped over);
 *   <li>the bytes of a nested archive are charged to the scan's decompression budget;
 *   <li>failures of the container are told apart from failures of this archive's format: they are
 *       wrapped in a {@link SourceFailure} naming this input, so the level reading this archive
 *       passes them up instead of reporting its archive as malformed;
 *   <li>the last bytes are kept, to check that the archive ends in an end-of-central-directory
 *       record (a truncated archive otherwise reads as a shorter, complete one).
 * </ul>
 *
 * <p>{@link #close()} does nothing: the bytes left after the zip entries are still drained for the
 * digest.
 */
final class ArchiveInput extends InputStream {
  /** End of central directory: 22 bytes plus a comment of at most 65,535. */
  private static final int TAIL = 22 + 65_535;

  private static final int EOCD_SIGNATURE = 0x06054b50;

  private final InputStream source;
  private final ArchiveScan scan;
  private final boolean charged;
  private final MessageDigest digest;
  private final byte[] tail = new byte[TAIL];
  /** Next write position in {@link #tail}; the oldest byte once it has wrapped. */
  private int position;
  private long total;
  private final byte[] one = new byte[1];

  /**
   * @param charged whether the bytes count against the scan's decompression budget: those of a
   *     nested archive do, those of the analyzed file itself (decompressed from nothing) do not
   */
  ArchiveInput(InputStream source, ArchiveScan scan, boolean charged) {
    this.source = source;
    this.scan = scan;
    this.charged = charged;
    try {
      this.digest = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK provides SHA-1", e);
    }
  }

  /** A failure reading the container, wrapped so the levels above can route it. */
  static final class SourceFailure extends IOException {
    private final ArchiveInput input;

    SourceFailure(ArchiveInput input, IOException cause) {
      super(cause.getMessage(), cause);
      this.input = input;
    }
  }

  /** The container's own failure when {@code e} came from reading this input, else {@code e}. */
  IOException unwrap(IOException e) {
    return e instanceof SourceFailure failure && failure.input == this ? (IOException) failure.getCause() : e;
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = source.read(b, off, len);
    } catch (IOException e) {
      throw new SourceFailure(this, e);
    }
    if (n <= 0) {
      return n;
    }
    digest.update(b, off, n);
    keepTail(b, off, n);
    total += n;
    if (charged) {
      scan.charge(n);
    }
    return n;
  }

  /** Reads instead of skipping, so that the digest sees every byte. */
  @Override
  public long skip(long n) throws IOException {
    return Bounded.skipByReading(this, n);
  }

  @Override
  public void close() {}

  /** Reads to the end; afterwards {@link #sha1()} covers the whole archive. */
  void drain(byte[] buffer) throws IOException {
    while (read(buffer, 0, buffer.length) >= 0) {
      // counted and digested by read
    }
  }

  /** Hex SHA-1 of everything read (the whole archive once drained). */
  String sha1() {
    return HexFormat.of().formatHex(digest.digest());
  }

  long bytesRead() {
    return total;
  }

  /** Whether the bytes read end in an end-of-central-directory record whose comment fills the rest. */
  boolean endsWithEndOfCentralDirectory() {
    int length = (int) Math.min(total, TAIL);
    for (int p = length - 22; p >= 0; p--) {
      if (tailInt(length, p) == EOCD_SIGNATURE) {
        int comment = (tailByte(length, p + 20) & 0xff) | (tailByte(length, p + 21) & 0xff) << 8;
        if (p + 22 + comment == length) {
          return true;
        }
      }
    }
    return false;
  }

  private void keepTail(byte[] b, int off, int n) {
    if (n >= TAIL) {
      System.arraycopy(b, off + n - TAIL, tail, 0, TAIL);
      position = 0;
      return;
    }
    int first = Math.min(n, TAIL - position);
    System.arraycopy(b, off, tail, position, first);
    System.arraycopy(b, off + first, tail, 0, n - first);
    position = (position + n) % TAIL;
  }

  /** Byte {@code i} of the last {@code length} bytes read. */
  private byte tailByte(int length, int i) {
    int start = Math.floorMod(position - length, TAIL);
    return tail[(start + i) % TAIL];
  }

  private int tailInt(int length, int p) {
    return (tailByte(length, p) & 0xff) | (tailByte(length, p + 1) & 0xff) << 8
        | (tailByte(length, p + 2) & 0xff) << 16 | (tailByte(length, p + 3) & 0xff) << 24;
  }
}
