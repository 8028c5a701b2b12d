package dev.bulwark.enforce.log;

import dev.bulwark.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * The Ed25519 key that signs checkpoints: the private key as PKCS#8 PEM (mode 0600, in a directory
 * of mode 0700 created if absent), the public key as SPKI PEM beside it ({@code NAME.pub.pem} for
 * {@code NAME.pem}). A key is named by its id: the first 32 hex digits of the SHA-256 of its SPKI
 * encoding.
 */
public final class LogKeys {
  private static final String ALGORITHM = "Ed25519";
  /** A PEM key file is a few hundred bytes; anything much larger is not one. */
  private static final long MAX_PEM_BYTES = 16 * 1024;
  private static final Set<PosixFilePermission> PRIVATE_ONLY =
      Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private LogKeys() {}

  /** {@code NAME.pub.pem} beside {@code NAME.pem} (or beside {@code NAME}). */
  public static Path publicKeyFile(Path privateKeyFile) {
    String name = privateKeyFile.getFileName().toString();
    String stem = name.endsWith(".pem") ? name.substring(0, name.length() - 4) : name;
    return privateKeyFile.resolveSibling(stem + ".pub.pem");
  }

  /** Loads the key pair, creating it (and its directory) when the private key file does not exist. */
  public static KeyPair loadOrCreate(Path privateKeyFile) {
    Path publicFile = publicKeyFile(privateKeyFile);
    if (!Files.exists(privateKeyFile)) {
      return create(privateKeyFile, publicFile);
    }
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(privateKeyFile);
      if (!PRIVATE_ONLY.containsAll(mode)) {
        throw new InputException("private key " + privateKeyFile + " has mode " + PosixFilePermissions.toString(mode)
            + "; it must be readable by its owner only (chmod 600 " + privateKeyFile + ")");
      }
    } catch (IOException e) {
      throw new InputException("cannot read " + privateKeyFile + ": " + e.getMessage(), e);
    }
    PrivateKey privateKey = decode(privateKeyFile, "PRIVATE KEY", bytes -> KeyFactory.getInstance(ALGORITHM)
        .generatePrivate(new PKCS8EncodedKeySpec(bytes)));
    if (!Files.exists(publicFile)) {
      throw new InputException("public key " + publicFile + " is missing beside the private key " + privateKeyFile
          + "; restore it (the private key alone cannot give it back)");
    }
    PublicKey publicKey = readPublicKey(publicFile);
    byte[] probe = "bulwark key pair check".getBytes(StandardCharsets.US_ASCII);
    if (!verify(publicKey, probe, sign(privateKey, probe))) {
      throw new InputException("public key " + publicFile + " does not belong to the private key " + privateKeyFile);
    }
    return new KeyPair(publicKey, privateKey);
  }

  public static PublicKey readPublicKey(Path file) {
    return decode(file, "PUBLIC KEY", bytes -> KeyFactory.getInstance(ALGORITHM)
        .generatePublic(new X509EncodedKeySpec(bytes)));
  }

  public static String keyId(PublicKey key) {
    return RecordCodec.sha256(key.getEncoded()).substring(0, 32);
  }

  /** The signature, base64. */
  public static String sign(PrivateKey key, byte[] message) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(key);
      signature.update(message);
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Whether {@code signatureBase64} is a valid signature of {@code message}; false when it is not even base64. */
  public static boolean verify(PublicKey key, byte[] message, String signatureBase64) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initVerify(key);
      signature.update(message);
      return signature.verify(Base64.getDecoder().decode(signatureBase64));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  private static KeyPair create(Path privateFile, Path publicFile) {
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks Ed25519", e);
    }
    Path directory = privateFile.toAbsolutePath().getParent();
    try {
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(directory,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      // The public key first: a crash between the two leaves no private key, and the next start
      // makes a new pair; never a private key whose public half is lost.
      writeAtomically(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), "rw-r--r--");
      writeAtomically(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), "rw-------");
    } catch (IOException e) {
      throw new InputException("cannot create the signing key " + privateFile + ": " + e.getMessage(), e);
    }
    return pair;
  }

  private static void writeAtomically(Path target, String content, String mode) throws IOException {
    Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temporary, content, StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(mode));
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IOException(target + " appeared while it was being created", e);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  @FunctionalInterface
  private interface KeyDecoder<K> {
    K decode(byte[] der) throws GeneralSecurityException;
  }

  private static <K> K decode(Path file, String type, KeyDecoder<K> decoder) {
    String text;
    try {
      if (Files.size(file) > MAX_PEM_BYTES) {
        throw new InputException(file + ": too large for a PEM key");
      }
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
    }
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new InputException(file + ": not a PEM " + type.toLowerCase() + " (expected " + begin + ")");
    }
    try {
      return decoder.decode(Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new InputException(file + ": not an Ed25519 " + type.toLowerCase() + ": " + e.getMessage(), e);
    }
  }
}
