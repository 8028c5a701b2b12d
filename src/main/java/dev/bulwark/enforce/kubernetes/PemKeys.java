package dev.bulwark.enforce.kubernetes;

import dev.bulwark.InputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A TLS server identity from PEM files, without BouncyCastle: a certificate chain (leaf first) and
 * an unencrypted private key, RSA or EC, as PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * ({@code RSA PRIVATE KEY}, cert-manager's default) or SEC1 ({@code EC PRIVATE KEY}, openssl ecparam's).
 */
public final class PemKeys {
  /** Certificates and keys are a few KiB; a bundle of a few dozen certificates fits easily. */
  static final long MAX_PEM_BYTES = 1 << 20;

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
  private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

  private PemKeys() {}

  record Block(String type, byte[] der) {}

  static List<Block> blocks(Path file) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_PEM_BYTES) {
        throw new InputException(file + ": larger than " + MAX_PEM_BYTES + " bytes; not a PEM certificate or key");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InputException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(new String(bytes, StandardCharsets.US_ASCII));
    while (m.find()) {
      try {
        blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new InputException(file + ": malformed base64 in a " + m.group(1) + " block", e);
      }
    }
    return blocks;
  }

  public static List<Certificate> certificates(Path file) {
    List<Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block block : blocks(file)) {
        if (block.type().equals("CERTIFICATE")) {
          chain.add(factory.generateCertificate(new ByteArrayInputStream(block.der())));
        }
      }
    } catch (GeneralSecurityException e) {
      throw new InputException(file + ": not a readable X.509 certificate: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new InputException(file + ": no PEM CERTIFICATE block");
    }
    return chain;
  }

  public static PrivateKey privateKey(Path file) {
    for (Block block : blocks(file)) {
      try {
        switch (block.type()) {
          case "PRIVATE KEY" -> {
            return pkcs8(block.der());
          }
          case "RSA PRIVATE KEY" -> {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                sequence(concat(new byte[] {2, 1, 0}, RSA_ALGORITHM, tlv(0x04, block.der())))));
          }
          case "EC PRIVATE KEY" -> {
            byte[] curve = sec1Curve(block.der());
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                sequence(concat(new byte[] {2, 1, 0}, sequence(concat(EC_PUBLIC_KEY_OID, curve)),
                    tlv(0x04, block.der())))));
          }
          case "ENCRYPTED PRIVATE KEY" -> throw new InputException(file + ": the private key is encrypted; "
              + "decrypt it (openssl pkcs8 -in KEY -out PLAIN.key) and keep it readable only by the guard");
          default -> { }
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        if (e instanceof InputException input) {
          throw input;
        }
        throw new InputException(file + ": not a readable " + block.type() + ": " + e.getMessage(), e);
      }
    }
    throw new InputException(file + ": no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  /** A server SSL context presenting {@code certificate} with {@code key}. */
  public static SSLContext serverContext(Path certificate, Path key) {
    List<Certificate> chain = certificates(certificate);
    PrivateKey privateKey = privateKey(key);
    if (!matches(privateKey, chain.getFirst().getPublicKey())) {
      throw new InputException("the key in " + key + " does not belong to the first certificate in " + certificate);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("guard", privateKey, password, chain.toArray(Certificate[]::new));
      KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(managers.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new InputException("the key in " + key + " does not fit the certificate in " + certificate + ": "
          + e.getMessage(), e);
    }
  }

  /** Whether the key signs what the certificate's public key verifies. */
  static boolean matches(PrivateKey key, java.security.PublicKey certified) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (algorithm == null || !key.getAlgorithm().equals(certified.getAlgorithm())) {
      return algorithm == null;
    }
    try {
      byte[] challenge = "bulwark key check".getBytes(StandardCharsets.US_ASCII);
      java.security.Signature signer = java.security.Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
      verifier.initVerify(certified);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The curve OID (as a TLV) in a SEC1 ECPrivateKey's [0] parameters. */
  private static byte[] sec1Curve(byte[] der) {
    int[] pos = {0};
    expect(der, pos, 0x30);
    readLength(der, pos);
    while (pos[0] < der.length) {
      int tag = der[pos[0]++] & 0xff;
      int length = readLength(der, pos);
      if (tag == 0xA0) {
        return java.util.Arrays.copyOfRange(der, pos[0], pos[0] + length);
      }
      pos[0] += length;
    }
    throw new IllegalArgumentException("the EC key names no curve; convert it with openssl pkcs8 -topk8 -nocrypt");
  }

  private static void expect(byte[] der, int[] pos, int tag) {
    if ((der[pos[0]++] & 0xff) != tag) {
      throw new IllegalArgumentException("malformed DER");
    }
  }

  private static int readLength(byte[] der, int[] pos) {
    int first = der[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int count = first & 0x7f;
    if (count > 3) {
      throw new IllegalArgumentException("DER length too large");
    }
    int length = 0;
    for (int i = 0; i < count; i++) {
      length = (length << 8) | (der[pos[0]++] & 0xff);
    }
    return length;
  }

  private static byte[] sequence(byte[] content) {
    return tlv(0x30, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }
}
