package org.muster.sip.server;

import org.muster.core.flow.Rejection;

/**
 * A decision whose promise the store did not take ({@link StoreWriter}): the core has undone it,
 * and the request that made it is refused with {@link #rejection()} (503 when the store is down,
 * 148 or 165 when another server sharing the store claimed a group first).
 */
final class NotDurable extends RuntimeException {
  private final transient Rejection rejection;

  NotDurable(Rejection rejection) {
    super(rejection.warningText(), null, false, false);
    this.rejection = rejection;
  }

  Rejection rejection() {
    return rejection;
  }

  /** The refusal behind {@code e} (as a future hands it over, perhaps wrapped), if it is one. */
  static java.util.Optional<Rejection> of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof NotDurable n) return java.util.Optional.of(n.rejection);
    return java.util.Optional.empty();
  }
}
