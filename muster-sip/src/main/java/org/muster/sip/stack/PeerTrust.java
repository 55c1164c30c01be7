package org.muster.sip.stack;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which TLS peers an endpoint accepts, decided in the handshake. The peer's address is known
 * (null only when the JDK gives none), so a rule may depend on whom the endpoint meant to reach.
 * Throwing ends the handshake: nothing is sent or received on that connection.
 */
public interface PeerTrust {
  /** A server this endpoint connected to (at {@code server}) presented {@code chain}. */
  void checkServer(X509Certificate[] chain, String authType, InetSocketAddress server) throws CertificateException;

  /** A client that connected to this endpoint presented {@code chain} (only called when it presented one). */
  void checkClient(X509Certificate[] chain, String authType, InetSocketAddress client) throws CertificateException;

  /**
   * Peers whose chain leads (PKIX) to one of {@code anchors}: a CA certificate, or the peer's own
   * certificate (pinning a self-signed server). Host names are not matched: the anchor is the trust.
   */
  static PeerTrust anchoredAt(List<X509Certificate> anchors) {
    if (anchors.isEmpty()) throw new IllegalArgumentException("no trusted certificate");
    X509TrustManager pkix;
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < anchors.size(); i++) store.setCertificateEntry("anchor-" + i, anchors.get(i));
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      pkix = firstX509(factory.getTrustManagers());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsSetupException("cannot use the trusted certificates: " + e.getMessage(), e);
    }
    return new PeerTrust() {
      @Override
      public void checkServer(X509Certificate[] chain, String authType, InetSocketAddress server) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
      }

      @Override
      public void checkClient(X509Certificate[] chain, String authType, InetSocketAddress client) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
      }
    };
  }

  private static X509TrustManager firstX509(TrustManager[] managers) {
    for (TrustManager m : managers) if (m instanceof X509TrustManager x) return x;
    throw new TlsSetupException("the JDK offers no X.509 trust manager");
  }
}
