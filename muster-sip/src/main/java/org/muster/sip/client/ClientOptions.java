package org.muster.sip.client;

import java.util.Objects;
import org.muster.core.id.McServiceId;

/**
 * How an MC client reaches its server: its MC service ID, the server's SIP domain and address,
 * the transport, where it listens itself, and whether it acknowledges regroup requests.
 */
public record ClientOptions(
    McServiceId user, String domain, String serverHost, int serverPort, String transport, String localHost, int localPort,
    boolean acknowledge) {
  public ClientOptions {
    Objects.requireNonNull(user);
    Objects.requireNonNull(domain);
    Objects.requireNonNull(serverHost);
    transport = transport == null ? "UDP" : transport.toUpperCase();
    if (!transport.equals("UDP") && !transport.equals("TCP")) throw new IllegalArgumentException("transport must be UDP or TCP");
  }

  /** A client on loopback, any free local port, UDP, acknowledging. */
  public static ClientOptions loopback(McServiceId user, String domain, int serverPort) {
    return new ClientOptions(user, domain, "127.0.0.1", serverPort, "UDP", "127.0.0.1", 0, true);
  }

  public ClientOptions withAcknowledge(boolean ack) {
    return new ClientOptions(user, domain, serverHost, serverPort, transport, localHost, localPort, ack);
  }

  public ClientOptions withTransport(String t) {
    return new ClientOptions(user, domain, serverHost, serverPort, t, localHost, localPort, acknowledge);
  }
}
