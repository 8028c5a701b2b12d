package dev.bulwark.testing;

import dev.bulwark.enforce.kubernetes.PemKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS for test clients of the servers the tests start. */
public final class Tls {
  private Tls() {}

  /** A client context that trusts only the certificates in the PEM file {@code ca}. */
  public static SSLContext trusting(Path ca) throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (Certificate c : PemKeys.certificates(ca)) {
      trust.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
