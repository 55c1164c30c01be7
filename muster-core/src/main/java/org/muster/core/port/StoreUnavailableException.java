package org.muster.core.port;

/** The store could not be reached or did not commit: a transient fault (answered 503), not a rule. */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
