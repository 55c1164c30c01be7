package org.muster.sip.server;

import java.util.Locale;

/**
 * Where to send a request for a registered Contact URI: its host, port (default 5060) and
 * transport ({@code ;transport=} parameter: udp, tcp or tls; default UDP). RFC 3261 19.1.1.
 */
record ContactAddress(String host, int port, String transport) {
  static ContactAddress of(String contactUri) {
    String u = contactUri;
    String transport = "UDP";
    int semi = u.indexOf(';');
    if (semi >= 0) {
      for (String p : u.substring(semi + 1).split(";")) {
        if (p.toLowerCase(Locale.ROOT).startsWith("transport=")) transport = p.substring(10).toUpperCase(Locale.ROOT);
      }
      u = u.substring(0, semi);
    }
    int q = u.indexOf('?');
    if (q >= 0) u = u.substring(0, q);
    String hostPort = u.substring(u.indexOf(':') + 1);
    if (hostPort.contains("@")) hostPort = hostPort.substring(hostPort.lastIndexOf('@') + 1);
    String host = hostPort;
    int port = 5060;
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      host = hostPort.substring(1, end);
      if (hostPort.length() > end + 2 && hostPort.charAt(end + 1) == ':') port = parsePort(hostPort.substring(end + 2));
    } else if (hostPort.contains(":")) {
      host = hostPort.substring(0, hostPort.indexOf(':'));
      port = parsePort(hostPort.substring(hostPort.indexOf(':') + 1));
    }
    if (!transport.equals("TCP") && !transport.equals("TLS")) transport = "UDP";
    return new ContactAddress(host, port, transport);
  }

  private static int parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      return p > 0 && p < 65536 ? p : 5060;
    } catch (NumberFormatException e) {
      return 5060;
    }
  }
}
