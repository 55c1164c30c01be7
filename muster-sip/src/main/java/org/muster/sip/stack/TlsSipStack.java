package org.muster.sip.stack;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.ClientAuthType;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.sip.PeerUnavailableException;

/**
 * The RI's stack with this endpoint's TLS: the RI takes its {@code NetworkLayer} by class name
 * ({@code gov.nist.javax.sip.NETWORK_LAYER}, one instance per class and no way to hand it an
 * {@link SSLContext}), so the stack gets its own layer after it is built, before any listening
 * point exists. Protocols and cipher suites are the JDK's defaults for the context (the RI's
 * own list predates TLS 1.3 and ECDSA certificates).
 */
final class TlsSipStack extends SipStackImpl {
  TlsSipStack(Properties properties, SSLContext context, boolean needClientCertificate, int connectTimeoutMillis)
      throws PeerUnavailableException {
    super(properties);
    this.networkLayer = new TlsNetworkLayer(context, connectTimeoutMillis);
    setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    setEnabledCipherSuites(context.getDefaultSSLParameters().getCipherSuites());
    setClientAuth(needClientCertificate ? ClientAuthType.Enabled : ClientAuthType.Want);
  }
}
