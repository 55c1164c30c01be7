package org.muster.sip.stack;

import java.util.Objects;

/**
 * SIP over TLS on a {@link JainSipEndpoint} (RFC 3261 26.2): the address it listens on for TLS,
 * what it presents, and whom it accepts.
 *
 * @param host the address to listen on for TLS
 * @param port the TLS port, or 0 for a free one
 * @param credentials the certificate chain and key presented as a TLS server
 * @param trust which peers' certificates are accepted, in both roles
 * @param needClientCertificate true: a client must present a certificate (else the handshake
 *     fails); false: one is asked for ("want") but may be absent
 * @param presentAsClient true: {@code credentials} are also presented on connections this endpoint
 *     opens (mutual TLS between servers); false: this endpoint connects without a certificate
 */
public record TlsSettings(
    String host, int port, TlsCredentials credentials, PeerTrust trust, boolean needClientCertificate, boolean presentAsClient) {
  public TlsSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(trust, "trust");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("bad TLS port " + port);
  }

  /**
   * An MC service server: its own certificate, presented also when it connects (to partners);
   * clients need not present one (they are known by digest), partners do (they are known by it).
   */
  public static TlsSettings server(String host, int port, TlsCredentials credentials, PeerTrust trust) {
    return new TlsSettings(host, port, credentials, trust, false, true);
  }

  /**
   * An MC client: connects without a certificate; listens (for the server's notifications) with a
   * throwaway one and accepts only peers that {@code trust} accepts, which must present theirs.
   */
  public static TlsSettings client(String host, PeerTrust trust) {
    return new TlsSettings(host, 0, TlsCredentials.selfSigned("muster-client"), trust, true, false);
  }
}
