package org.muster.sip.server;

import java.util.List;
import org.muster.sip.stack.SipRequest;

/** Builds the {@code Warning: 399 HOST "text"} header of WIRE.md's reject table (RFC 3261 20.43). */
final class Warnings {
  private Warnings() {}

  static SipRequest.Header warning(String host, String text) {
    String clean = text.replace('"', '\'').replace('\\', '/').replaceAll("[\\r\\n]+", " ");
    return new SipRequest.Header("Warning", "399 " + host + " \"" + clean + "\"");
  }

  static List<SipRequest.Header> one(String host, String text) {
    return List.of(warning(host, text));
  }
}
