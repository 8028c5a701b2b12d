package dev.bulwark.io;

import dev.bulwark.LimitExceededException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reading untrusted streams with a ceiling on how much is held in memory. */
public final class Bounded {
  private Bounded() {}

  /** Reads the whole stream, failing once it passes {@code limit} bytes. */
  public static byte[] readAll(InputStream in, long limit, String input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    long total = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      total += n;
      if (total > limit) {
        throw new LimitExceededException(input, "size", limit);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** Reads and discards everything left, returning the count. */
  public static long drain(InputStream in) throws IOException {
    byte[] buffer = new byte[65536];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      total += n;
    }
    return total;
  }

  /**
   * Skips by reading through {@code in}'s own {@code read}, for streams that hash or count what
   * passes: {@code FilterInputStream.skip} would let the bytes by unseen.
   */
  public static long skipByReading(InputStream in, long n) throws IOException {
    byte[] buffer = new byte[(int) Math.clamp(n, 1, 65536)];
    long skipped = 0;
    while (skipped < n) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }
}
