package org.muster.sip.stack;

/** The endpoint could not listen on its address: the port is taken or the address is not local. */
public final class SipBindException extends RuntimeException {
  private final String host;
  private final int port;

  SipBindException(String host, int port, Throwable cause) {
    this(host, port, "UDP and TCP", cause);
  }

  SipBindException(String host, int port, String transports, Throwable cause) {
    super(
        "cannot listen for SIP on "
            + host
            + ":"
            + port
            + " ("
            + transports
            + "): "
            + (cause == null ? "no free port found" : cause.getMessage()),
        cause);
    this.host = host;
    this.port = port;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }
}
