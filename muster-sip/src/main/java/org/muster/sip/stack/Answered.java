package org.muster.sip.stack;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.sip.message.Response;

/** Converts answers between JAIN-SIP and Muster's {@link SipResponse}. */
final class Answered {
  private Answered() {}

  /** The answer as Muster sees it: status, reason, every header by its full name, raw body. */
  static SipResponse from(Response response) {
    SIPResponse r = (SIPResponse) response;
    List<SipRequest.Header> headers = new ArrayList<>();
    Iterator<String> names = r.getHeaderNames();
    while (names.hasNext()) {
      String name = names.next();
      Iterator<SIPHeader> values = r.getHeaders(name);
      while (values.hasNext()) {
        headers.add(new SipRequest.Header(name, values.next().getHeaderValue().trim()));
      }
    }
    Iterator<String> raw = r.getUnrecognizedHeaders();
    while (raw.hasNext()) {
      String line = raw.next();
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.add(
            new SipRequest.Header(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
      }
    }
    byte[] body = r.getRawContent();
    String reason = r.getReasonPhrase() == null ? "" : r.getReasonPhrase();
    return new SipResponse(
        r.getStatusCode(), reason, List.copyOf(headers), body == null ? new byte[0] : body);
  }

  /** The synthetic answer to a request that could not be sent or whose transport failed. */
  static SipResponse notSent(String cause) {
    return new SipResponse(
        503, "Service Unavailable (" + Answers.oneLine(cause) + ")", List.of(), new byte[0]);
  }
}
