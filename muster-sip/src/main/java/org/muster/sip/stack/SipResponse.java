package org.muster.sip.stack;

import java.util.List;
import java.util.Optional;

/** The final answer to a request Muster sent, detached from JAIN-SIP types. */
public record SipResponse(int status, String reason, List<SipRequest.Header> headers, byte[] body) {
  public Optional<String> header(String name) {
    return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(SipRequest.Header::value).findFirst();
  }

  /** A synthetic answer for a request that got no final answer in time (RFC 3261 Timer F/B). */
  public static SipResponse timeout() {
    return new SipResponse(408, "Request Timeout (no answer)", List.of(), new byte[0]);
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
