package org.muster.sip.server;

import java.util.List;
import org.muster.core.flow.Rejection;
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

  /**
   * The Warning of a refusal: its text as WIRE.md's table gives it; for the codes with a fixed
   * text (148, 165) a second Warning says what the code is about (which group, held by which
   * regroup), since the first must stay exactly as the table says.
   */
  static List<SipRequest.Header> of(String host, Rejection r) {
    if (r.reason().fixedText() && !r.detail().isEmpty() && !r.detail().equals(r.warningText())) {
      return List.of(warning(host, r.warningText()), warning(host, r.detail()));
    }
    return one(host, r.warningText());
  }
}
