package org.muster.sip.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the {@link SSLContext} of one endpoint from its {@link TlsSettings}, in memory: no key
 * store file, no JVM-wide {@code javax.net.ssl.*} property, so endpoints with different
 * certificates live side by side in one JVM.
 */
final class TlsContexts {
  private static final String ALIAS = "muster";

  private TlsContexts() {}

  static SSLContext of(TlsSettings settings) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keyManager(settings)}, new TrustManager[] {new Trust(settings.trust())}, new SecureRandom());
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsSetupException("cannot set up TLS with " + settings.credentials() + ": " + e.getMessage(), e);
    }
  }

  private static X509ExtendedKeyManager keyManager(TlsSettings settings) throws GeneralSecurityException, IOException {
    char[] password = new char[0];
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    TlsCredentials c = settings.credentials();
    store.setKeyEntry(ALIAS, c.key(), password, c.chain().toArray(X509Certificate[]::new));
    KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
    factory.init(store, password);
    for (KeyManager m : factory.getKeyManagers()) {
      if (m instanceof X509ExtendedKeyManager x) return settings.presentAsClient() ? x : new ServerOnly(x);
    }
    throw new TlsSetupException("the JDK offers no X.509 key manager");
  }

  /** The peer of a handshake on {@code socket}, or null. */
  private static InetSocketAddress peerOf(Socket socket) {
    SocketAddress a = socket == null ? null : socket.getRemoteSocketAddress();
    return a instanceof InetSocketAddress i ? i : null;
  }

  private static InetSocketAddress peerOf(SSLEngine engine) {
    return engine == null || engine.getPeerHost() == null ? null
        : InetSocketAddress.createUnresolved(engine.getPeerHost(), Math.max(engine.getPeerPort(), 0));
  }

  /**
   * Hands every check to the endpoint's {@link PeerTrust}, with the peer's address. As an
   * {@link X509ExtendedTrustManager} it is used as is: the JDK adds no host name check of its own.
   * It names no accepted issuers, so a client may present whatever certificate it has.
   */
  private static final class Trust extends X509ExtendedTrustManager {
    private final PeerTrust trust;

    Trust(PeerTrust trust) {
      this.trust = trust;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      trust.checkClient(chain, authType, peerOf(socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      trust.checkServer(chain, authType, peerOf(socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      trust.checkClient(chain, authType, peerOf(engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      trust.checkServer(chain, authType, peerOf(engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      trust.checkClient(chain, authType, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      trust.checkServer(chain, authType, null);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** A key manager that presents its certificate as a TLS server only: connections it opens go without one. */
  private static final class ServerOnly extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager keys;

    ServerOnly(X509ExtendedKeyManager keys) {
      this.keys = keys;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return keys.getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return keys.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return keys.chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return keys.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return keys.getPrivateKey(alias);
    }
  }
}
