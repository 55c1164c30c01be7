package org.muster.core.config;

/** A listen or peer address {@code host:port} (PROVISIONING.md {@code system.sip}, {@code partners[].sip}). */
public record HostPort(String host, int port) {
  public HostPort {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("host is empty");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
  }

  /** Parses {@code host:port} or {@code [v6]:port}; throws with a readable message. */
  public static HostPort parse(String text) {
    if (text == null) throw new IllegalArgumentException("address is missing");
    String t = text.trim();
    int colon = t.lastIndexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not host:port");
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has a port that is not a number");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
