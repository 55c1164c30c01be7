package org.muster.sip.stack;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Finds a port that is free for both UDP and TCP on one address: the RI refuses port 0. Another
 * process may take the port before the stack binds it, so callers retry on a bind failure.
 */
final class FreePorts {
  private static final int ATTEMPTS = 50;

  private FreePorts() {}

  /** A port free for TCP on {@code host} (a TLS listening point). */
  static int tcp(String host) throws IOException {
    try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return tcp.getLocalPort();
    }
  }

  static int udpAndTcp(String host) throws IOException {
    InetAddress address = InetAddress.getByName(host);
    IOException last = null;
    for (int i = 0; i < ATTEMPTS; i++) {
      try (ServerSocket tcp = new ServerSocket(0, 1, address)) {
        int port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, port))) {
          return udp.getLocalPort();
        }
      } catch (IOException e) {
        last = e;
      }
    }
    throw new IOException("no port free for UDP and TCP on " + host, last);
  }
}
