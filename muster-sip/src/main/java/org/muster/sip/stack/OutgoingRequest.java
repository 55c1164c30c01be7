package org.muster.sip.stack;

import java.util.List;
import java.util.Objects;

/**
 * A request for Muster to send (MESSAGE, REGISTER, PUBLISH, OPTIONS) outside any dialog.
 *
 * @param destinationHost where to send it (IP or host)
 * @param destinationPort port at the destination
 * @param transport "UDP", "TCP" or "TLS" (the endpoint must offer TLS)
 * @param contentType null when there is no body
 */
public record OutgoingRequest(
    String method,
    String requestUri,
    String fromUri,
    String toUri,
    String destinationHost,
    int destinationPort,
    String transport,
    List<SipRequest.Header> headers,
    String contentType,
    byte[] body) {
  public OutgoingRequest {
    Objects.requireNonNull(method);
    Objects.requireNonNull(requestUri);
    Objects.requireNonNull(fromUri);
    Objects.requireNonNull(toUri);
    Objects.requireNonNull(destinationHost);
    headers = List.copyOf(headers);
    if (body == null) body = new byte[0];
  }
}
