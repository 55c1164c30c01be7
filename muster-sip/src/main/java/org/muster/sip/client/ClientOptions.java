package org.muster.sip.client;

import java.util.Objects;
import java.util.Optional;
import org.muster.core.config.Credential;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McServiceId;

/**
 * How an MC client reaches its server: its MC service ID, the server's SIP domain and address,
 * the transport, where it listens itself, whether it acknowledges regroup requests, and the
 * credential it answers digest challenges with (WIRE.md, Authentication).
 */
public record ClientOptions(
    McServiceId user, String domain, String serverHost, int serverPort, String transport, String localHost, int localPort,
    boolean acknowledge, Optional<Credential> credential) {
  public ClientOptions {
    Objects.requireNonNull(user);
    Objects.requireNonNull(domain);
    Objects.requireNonNull(serverHost);
    Objects.requireNonNull(credential);
    transport = transport == null ? "UDP" : transport.toUpperCase();
    if (!transport.equals("UDP") && !transport.equals("TCP")) throw new IllegalArgumentException("transport must be UDP or TCP");
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
    return new ClientOptions(user, domain, serverHost, serverPort, transport, localHost, localPort, ack, credential);
  }

  public ClientOptions withTransport(String t) {
    return new ClientOptions(user, domain, serverHost, serverPort, t, localHost, localPort, acknowledge, credential);
  }

  /** Answers challenges with {@code password} (digest username: the user part, realm: the user's domain). */
  public ClientOptions withPassword(String password) {
    return withCredential(Credential.ofPassword(UserConfig.digestUsername(user), user.domain(), password));
  }

  public ClientOptions withCredential(Credential c) {
    return new ClientOptions(user, domain, serverHost, serverPort, transport, localHost, localPort, acknowledge, Optional.of(c));
  }
}
