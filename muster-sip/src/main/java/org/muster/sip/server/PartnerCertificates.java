package org.muster.sip.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.muster.core.config.PartnerConfig;
import org.muster.sip.stack.PeerTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whom the server's TLS accepts (WIRE.md, Authentication and identity binding). Trust in a partner
 * is pinning: the certificate provisioned for it ({@code partners[].certificate}), byte for byte,
 * no CA involved.
 *
 * <ul>
 *   <li>As TLS server, any client certificate, or none, is accepted in the handshake: an MC
 *       client is known by digest, and a partner by {@link PartnerRecognition}, which compares
 *       the certificate of the connection a request came over.
 *   <li>As TLS client toward a partner provisioned with a certificate (at its {@code sip}
 *       address, its SIP-over-TLS address), the server must present exactly that certificate,
 *       else the handshake fails and the request is not sent (one log line).
 *   <li>As TLS client toward anything else (an MC client's TLS Contact), the peer's throwaway
 *       certificate is not checked: the client registered with credentials, and what it is sent is
 *       what it would be sent over TCP.
 * </ul>
 */
public final class PartnerCertificates implements PeerTrust {
  private static final Logger log = LoggerFactory.getLogger(PartnerCertificates.class);
  private final List<PartnerConfig> pinned;

  public PartnerCertificates(List<PartnerConfig> partners) {
    this.pinned = partners.stream().filter(p -> p.certificate().isPresent()).toList();
  }

  @Override
  public void checkClient(X509Certificate[] chain, String authType, InetSocketAddress client) {
    // judged per request (PartnerRecognition) or by digest, not per connection
  }

  @Override
  public void checkServer(X509Certificate[] chain, String authType, InetSocketAddress server) throws CertificateException {
    Optional<PartnerConfig> partner = partnerAt(server);
    if (partner.isEmpty()) return;
    PartnerConfig p = partner.get();
    if (chain.length > 0 && same(chain[0], p.certificate().get())) return;
    String presented = chain.length == 0 ? "no certificate" : "certificate " + chain[0].getSubjectX500Principal();
    log.warn("TLS to partner {} at {} refused: it presented {}, not the certificate provisioned for it ({})", p.id(), p.address(),
        presented, p.certificate().get().getSubjectX500Principal());
    throw new CertificateException("not the certificate provisioned for partner " + p.id());
  }

  /** The partner with a certificate whose provisioned SIP-over-TLS address is {@code server}. */
  private Optional<PartnerConfig> partnerAt(InetSocketAddress server) {
    if (server == null) return Optional.empty();
    for (PartnerConfig p : pinned) {
      if (p.address().port() == server.getPort() && hostIs(p.address().host(), server)) return Optional.of(p);
    }
    return Optional.empty();
  }

  private static boolean hostIs(String host, InetSocketAddress server) {
    if (server.getAddress() == null) return host.equalsIgnoreCase(server.getHostString());
    try {
      return Arrays.asList(InetAddress.getAllByName(host)).contains(server.getAddress());
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Trust by pinning: the same DER encoding. */
  static boolean same(X509Certificate a, X509Certificate b) {
    try {
      return Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }
}
