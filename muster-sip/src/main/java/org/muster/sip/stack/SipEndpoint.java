package org.muster.sip.stack;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Muster's one small interface to the SIP stack: a listening endpoint on UDP and TCP (and TLS) that
 * hands every incoming request to a {@link Handler} and sends requests outside dialogs. The
 * only implementation is {@link JainSipEndpoint}; nothing else in Muster imports JAIN-SIP.
 */
public interface SipEndpoint extends AutoCloseable {
  /** Receives every request that the stack parsed. Must not block for long. */
  interface Handler {
    void onRequest(SipRequest request);
  }

  /** The IP address the endpoint listens on. */
  String host();

  /** The port it listens on (UDP and TCP use the same one). */
  int port();

  /** The port it listens on for SIP over TLS, when it offers TLS. */
  OptionalInt tlsPort();

  /**
   * Sends {@code request} in a new client transaction; completes with the final answer, or
   * with {@link SipResponse#timeout()} when none came, or a 503 answer when it could not be sent.
   * Never completes exceptionally.
   */
  CompletableFuture<SipResponse> send(OutgoingRequest request);

  /** Stops the stack and frees the ports. */
  @Override
  void close();
}
