package org.muster.sip.stack;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Outgoing requests used by the tests. */
final class Requests {
  private Requests() {}

  static OutgoingRequest message(SipEndpoint to, String transport, String body, SipRequest.Header... headers) {
    return new OutgoingRequest(
        "MESSAGE",
        "sip:mcptt-server@metro.example",
        "sip:ff1@metro.example",
        "sip:mcptt-server@metro.example",
        to.host(),
        to.port(),
        transport,
        List.of(headers),
        "application/vnd.3gpp.mcptt-info+xml",
        body.getBytes(StandardCharsets.UTF_8));
  }

  static OutgoingRequest options(String host, int port, String transport) {
    return new OutgoingRequest(
        "OPTIONS",
        "sip:mcptt-server@metro.example",
        "sip:monitor@metro.example",
        "sip:mcptt-server@metro.example",
        host,
        port,
        transport,
        List.of(),
        null,
        null);
  }
}
