package dev.bulwark.image.registry;

import dev.bulwark.InputException;
import dev.bulwark.LimitExceededException;
import dev.bulwark.io.Bounded;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS trust for one registry: the JDK's default CAs, plus the CA files the user named, plus
 * Docker's convention {@code /etc/docker/certs.d/<host[:port]>/*.crt}. A server is trusted when
 * either set validates its chain; host names are always verified (the JDK's HTTPS endpoint
 * identification runs inside each delegate). Client certificates ({@code *.cert}/{@code *.key}) are
 * not supported.
 */
public final class RegistryTrust {
  /** Docker's directory of per-registry CA certificates. */
  public static final Path DOCKER_CERTS_D = Path.of("/etc/docker/certs.d");

  /** A CA file is a few KiB; a bundle of every public CA is about 250 KiB. */
  static final int MAX_CA_FILE_BYTES = 4 << 20;

  private RegistryTrust() {}

  /** The certificates to add for {@code registry} (host[:port] as the user wrote it). */
  public static List<X509Certificate> extraCertificates(String registry, List<Path> caFiles, Path certsD) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Path file : caFiles) {
      certificates.addAll(readPem(file));
    }
    // The name was validated as a host[:port] by RegistryReference, so it cannot climb out of certs.d.
    Path dir = certsD.resolve(registry);
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.crt")) {
        List<Path> sorted = new ArrayList<>();
        files.forEach(sorted::add);
        sorted.sort(null);
        for (Path file : sorted) {
          certificates.addAll(readPem(file));
        }
      } catch (IOException e) {
        throw new InputException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    return certificates;
  }

  /** An SSL context trusting the JDK's CAs and {@code extra}; the JDK default when none. */
  public static SSLContext context(List<X509Certificate> extra) {
    try {
      if (extra.isEmpty()) {
        return SSLContext.getDefault();
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < extra.size(); i++) {
        store.setCertificateEntry("extra-" + i, extra.get(i));
      }
      X509ExtendedTrustManager system = trustManager(null);
      X509ExtendedTrustManager added = trustManager(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new EitherTrustManager(system, added)}, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
    }
  }

  static List<X509Certificate> readPem(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = Bounded.readAll(in, MAX_CA_FILE_BYTES, "CA file " + file);
      Collection<? extends java.security.cert.Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
      if (certificates.isEmpty()) {
        throw new InputException("CA file " + file + ": no PEM certificate in it");
      }
      return certificates.stream().map(c -> (X509Certificate) c).toList();
    } catch (LimitExceededException e) {
      throw e;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InputException("CA file " + file + ": no such file");
    } catch (IOException e) {
      throw new InputException("CA file " + file + ": unreadable: " + e.getMessage(), e);
    } catch (CertificateException e) {
      throw new InputException("CA file " + file + ": not a PEM certificate: " + e.getMessage(), e);
    }
  }

  private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return Arrays.stream(factory.getTrustManagers())
        .filter(X509ExtendedTrustManager.class::isInstance)
        .map(X509ExtendedTrustManager.class::cast)
        .findFirst()
        .orElseThrow(() -> new GeneralSecurityException("no X509 trust manager"));
  }

  /** Trusts a server either delegate trusts; each checks the host name itself. */
  private static final class EitherTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager first;
    private final X509ExtendedTrustManager second;

    EitherTrustManager(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
      this.first = first;
      this.second = second;
    }

    private interface Check {
      void run(X509ExtendedTrustManager manager) throws CertificateException;
    }

    private void either(Check check) throws CertificateException {
      try {
        check.run(first);
      } catch (CertificateException e) {
        try {
          check.run(second);
        } catch (CertificateException e2) {
          e2.addSuppressed(e);
          throw e2;
        }
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      either(m -> m.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return Stream.concat(Arrays.stream(first.getAcceptedIssuers()), Arrays.stream(second.getAcceptedIssuers()))
          .toArray(X509Certificate[]::new);
    }
  }
}
