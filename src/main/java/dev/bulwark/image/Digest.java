package dev.bulwark.image;

import dev.bulwark.InputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest as the OCI image specification writes it: {@code algorithm:encoded}. Only the
 * registered algorithms are accepted, with the exact length and lowercase hex they require, so a
 * digest read from an untrusted manifest can be used as a file name or cache key safely.
 */
public record Digest(String algorithm, String hex) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

  public Digest {
    int expected =
        switch (algorithm) {
          case "sha256" -> 64;
          case "sha384" -> 96;
          case "sha512" -> 128;
          default -> throw new InputException("unsupported digest algorithm '" + algorithm + "'");
        };
    if (hex.length() != expected || !HEX.matcher(hex).matches()) {
      throw new InputException("malformed " + algorithm + " digest '" + abbreviate(hex) + "'");
    }
  }

  /** Parses {@code sha256:<64 hex>}; anything else is an {@link InputException}. */
  public static Digest parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new InputException("malformed digest '" + abbreviate(text) + "'");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  public static boolean isDigest(String text) {
    try {
      parse(text);
      return true;
    } catch (InputException e) {
      return false;
    }
  }

  public static Digest sha256(byte[] content) {
    return new Digest("sha256", HexFormat.of().formatHex(sha256Hasher().digest(content)));
  }

  public static MessageDigest sha256Hasher() {
    return hasher("sha256");
  }

  /** A fresh hasher for this digest's algorithm. */
  public MessageDigest newHasher() {
    return hasher(algorithm);
  }

  /** Whether the finished hasher produced this digest. */
  public boolean matches(byte[] computed) {
    return MessageDigest.isEqual(HexFormat.of().parseHex(hex), computed);
  }

  public static Digest of(String algorithm, byte[] computed) {
    return new Digest(algorithm, HexFormat.of().formatHex(computed));
  }

  /** The first 12 hex characters, as people read image ids. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  private static MessageDigest hasher(String algorithm) {
    try {
      return MessageDigest.getInstance(
          switch (algorithm) {
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            default -> "SHA-512";
          });
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
