package org.muster.app.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports for the integration tests (never 5060: other runs share the machine). */
public final class FreePorts {
  private FreePorts() {}

  /** A port free for both UDP and TCP on 127.0.0.1 (a SIP listen address needs both). */
  public static int udpAndTcp() throws IOException {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int p = s.getLocalPort();
        try (DatagramSocket d = new DatagramSocket(p, InetAddress.getLoopbackAddress())) {
          return p;
        } catch (IOException busy) {
          // taken for UDP: try another
        }
      }
    }
    throw new IOException("no free port");
  }
}
