package org.muster.sip.stack;

/** SIP over TLS cannot be set up: a PEM file is unreadable, or a certificate does not fit its key. */
public final class TlsSetupException extends RuntimeException {
  public TlsSetupException(String message) {
    super(message);
  }

  public TlsSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
