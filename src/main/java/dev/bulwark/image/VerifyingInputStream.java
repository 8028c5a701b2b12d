package dev.bulwark.image;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import java.io.FilterInputStream;
import dev.bulwark.io.Bounded;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.OptionalLong;

/**
 * Hashes and counts a stream as it is read; at end of stream the count must equal the expected
 * size (when known) and the hash the expected digest, or reading fails. Reading past the expected
 * size fails at once, so an endless or oversized blob is cut off early.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final Digest expected;
  private final OptionalLong expectedSize;
  private final long limit;
  private final String what;
  private final MessageDigest hasher;
  private long count;
  private boolean verified;

  /**
   * @param what names the blob in messages, e.g. "layer sha256:ab… of docker-archive:x.tar"
   * @param limit a ceiling on the count when the size is not known in advance
   */
  public VerifyingInputStream(InputStream in, Digest expected, OptionalLong expectedSize, long limit, String what) {
    super(in);
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.limit = limit;
    this.what = what;
    this.hasher = expected.newHasher();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      hasher.update(buffer, offset, n);
      count += n;
      if (expectedSize.isPresent() && count > expectedSize.getAsLong()) {
        throw new InputException(what + ": longer than the " + expectedSize.getAsLong() + " bytes its descriptor declares");
      }
      if (count > limit) {
        throw new LimitExceededException(what, "size", limit);
      }
    } else if (n < 0 && !verified) {
      verify();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    return Bounded.skipByReading(this, n);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Whether the whole stream was read and matched. */
  public boolean verified() {
    return verified;
  }

  public long count() {
    return count;
  }

  private void verify() {
    if (expectedSize.isPresent() && count != expectedSize.getAsLong()) {
      throw new InputException(what + ": " + count + " bytes, but its descriptor declares " + expectedSize.getAsLong());
    }
    byte[] computed = hasher.digest();
    if (!expected.matches(computed)) {
      throw new DigestMismatchException(what, expected, Digest.of(expected.algorithm(), computed).toString());
    }
    verified = true;
  }
}
