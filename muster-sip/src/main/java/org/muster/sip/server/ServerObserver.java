package org.muster.sip.server;

import java.time.Duration;
import org.muster.core.flow.RejectReason;
import org.muster.sip.stack.SipTraffic;

/**
 * What a running server reports for counting (metrics), besides its regroup events ({@link
 * MusterServer#onEvent}): the SIP traffic of its endpoint, the regroup requests it refused and
 * why, and how long each store transaction took. Called on the server's own threads (stack,
 * sender, store writer): an implementation must be quick and must not block.
 */
public interface ServerObserver extends SipTraffic {
  /** Counts nothing. */
  ServerObserver NONE = new ServerObserver() {};

  @Override
  default void requestReceived(String method) {}

  @Override
  default void answerSent(String method, int status) {}

  /** A dispatcher's create or cancel was refused for {@code reason}. */
  default void regroupRefused(RejectReason reason) {}

  /**
   * One store transaction of the writer (a group commit): how long it took, how many changes it
   * held, and whether the store took it ({@code false}: the store was unreachable).
   */
  default void storeWritten(Duration took, int changes, boolean written) {}
}
