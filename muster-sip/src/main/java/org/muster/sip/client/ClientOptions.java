package org.muster.sip.client;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.muster.core.config.Credential;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McServiceId;

/**
 * How an MC client reaches its server: its MC service ID, the server's SIP domain and address,
 * the transport, where it listens itself, whether it acknowledges regroup requests, the
 * credential it answers digest challenges with (WIRE.md, Authentication), and for TLS the
 * certificates it trusts (a CA's, or the server's own).
 *
 * @param serverPort with TLS, the server's SIP-over-TLS port ({@code system.sips})
 * @param trusted with TLS: the server's certificate must lead to one of these (else nothing is
 *     sent); the server must also present it when it connects to deliver notifications
 */
public record ClientOptions(
    McServiceId user, String domain, String serverHost, int serverPort, String transport, String localHost, int localPort,
    boolean acknowledge, Optional<Credential> credential, List<X509Certificate> trusted) {
  public ClientOptions {
    Objects.requireNonNull(user);
    Objects.requireNonNull(domain);
    Objects.requireNonNull(serverHost);
    Objects.requireNonNull(credential);
    trusted = List.copyOf(trusted);
    transport = transport == null ? "UDP" : transport.toUpperCase();
    if (!transport.equals("UDP") && !transport.equals("TCP") && !transport.equals("TLS")) {
      throw new IllegalArgumentException("transport must be UDP, TCP or TLS");
    }
    if (transport.equals("TLS") && trusted.isEmpty()) throw new IllegalArgumentException("TLS needs a trusted certificate");
  }

  public ClientOptions(McServiceId user, String domain, String serverHost, int serverPort, String transport, String localHost,
      int localPort, boolean acknowledge, Optional<Credential> credential) {
    this(user, domain, serverHost, serverPort, transport, localHost, localPort, acknowledge, credential, List.of());
  }

  /** Options without a credential (a server with {@code authentication: none}). */
  public ClientOptions(McServiceId user, String domain, String serverHost, int serverPort, String transport, String localHost,
      int localPort, boolean acknowledge) {
    this(user, domain, serverHost, serverPort, transport, localHost, localPort, acknowledge, Optional.empty());
  }

  /** A client on loopback, any free local port, UDP, acknowledging. */
  public static ClientOptions loopback(McServiceId user, String domain, int serverPort) {
    return new ClientOptions(user, domain, "127.0.0.1", serverPort, "UDP", "127.0.0.1", 0, true);
  }

  public ClientOptions withAcknowledge(boolean ack) {
    return new ClientOptions(user, domain, serverHost, serverPort, transport, localHost, localPort, ack, credential, trusted);
  }

  public ClientOptions withTransport(String t) {
    return new ClientOptions(user, domain, serverHost, serverPort, t, localHost, localPort, acknowledge, credential, trusted);
  }

  /** SIP over TLS to the server at {@code host:port} (its {@code system.sips}), trusting {@code certificates}. */
  public ClientOptions withTls(String host, int port, List<X509Certificate> certificates) {
    return new ClientOptions(user, domain, host, port, "TLS", localHost, localPort, acknowledge, credential, certificates);
  }

  /** Answers challenges with {@code password} (digest username: the user part, realm: the user's domain). */
  public ClientOptions withPassword(String password) {
    return withCredential(Credential.ofPassword(UserConfig.digestUsername(user), user.domain(), password));
  }

  public ClientOptions withCredential(Credential c) {
    return new ClientOptions(user, domain, serverHost, serverPort, transport, localHost, localPort, acknowledge, Optional.of(c), trusted);
  }
}
