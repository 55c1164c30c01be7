package org.muster.sip.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.muster.core.config.PartnerConfig;
import org.muster.sip.stack.SipRequest;

/**
 * WIRE.md, Authentication and identity binding: a request that carries a partner's identity is
 * that partner's only when it arrives over TLS with the certificate provisioned for the partner
 * ({@code partners[].certificate}, compared byte for byte) or, for a partner provisioned without a
 * certificate, from its provisioned address: the host, and over UDP also the port (a partner
 * server sends UDP from its listening port; over TCP its port is an ephemeral one).
 */
public final class PartnerRecognition {
  private PartnerRecognition() {}

  /** Why {@code req}, carrying {@code partner}'s identity, is not the partner's; empty when it is. */
  public static Optional<String> refusal(SipRequest req, PartnerConfig partner) {
    if (partner.certificate().isPresent()) return certificateRefusal(req, partner.certificate().get());
    if (!fromHost(req, partner.address().host())) {
      return Optional.of("not from the partner's provisioned host " + partner.address().host());
    }
    if (req.transport().equals("UDP") && req.sourcePort() != partner.address().port()) {
      return Optional.of("not from the partner's provisioned UDP port " + partner.address().port());
    }
    return Optional.empty();
  }

  private static Optional<String> certificateRefusal(SipRequest req, X509Certificate provisioned) {
    if (!req.transport().equals("TLS")) {
      return Optional.of("came over " + req.transport() + "; this partner is known by its TLS certificate only");
    }
    Optional<X509Certificate> presented = req.peerCertificate();
    if (presented.isEmpty()) return Optional.of("came over TLS without a client certificate");
    if (!PartnerCertificates.same(presented.get(), provisioned)) {
      return Optional.of("came over TLS with another certificate (" + presented.get().getSubjectX500Principal() + ")");
    }
    return Optional.empty();
  }

  private static boolean fromHost(SipRequest req, String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (a.getHostAddress().equals(req.sourceAddress())) return true;
      }
    } catch (UnknownHostException e) {
      return false;
    }
    return false;
  }
}
