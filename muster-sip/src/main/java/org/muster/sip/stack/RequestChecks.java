package org.muster.sip.stack;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;

/**
 * The checks a UAS makes before its application sees a request (RFC 3261 8.2.1 to 8.2.3), on the
 * request as the RI parsed it. Muster supports no SIP extensions (option tags).
 */
final class RequestChecks {
  private static final Set<String> SCHEMES = Set.of("sip", "sips", "tel");
  private static final Set<String> SUPPORTED_EXTENSIONS = Set.of();

  private RequestChecks() {}

  /** A refusal: the answer to send instead of handing the request to Muster. */
  record Refusal(int status, String reason, List<SipRequest.Header> headers) {}

  static Optional<Refusal> check(SIPRequest request) {
    Iterator<String> unparsed = request.getUnrecognizedHeaders();
    if (unparsed.hasNext()) {
      // A known header the RI could not parse (RFC 4475 3.1.2.12).
      String line = unparsed.next();
      int colon = line.indexOf(':');
      String name = colon > 0 ? line.substring(0, colon).trim() : "header";
      return refuse(400, "Bad Request (malformed " + name + " header)");
    }
    String scheme = request.getRequestURI().getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      // 8.2.2.1 (RFC 4475 3.3.2, 3.3.3).
      return refuse(416, "Unsupported URI Scheme");
    }
    if (request.getRequestURI() instanceof SipUri uri && uri.getHeaderNames().hasNext()) {
      // 19.1.5: headers are not allowed in a Request-URI (RFC 4475 3.1.2.11).
      return refuse(400, "Bad Request (headers in Request-URI)");
    }
    List<String> unsupported = unsupportedExtensions(request);
    if (!unsupported.isEmpty()) {
      // 8.2.2.3 (RFC 4475 3.3.5).
      return Optional.of(new Refusal(420, "Bad Extension",
          List.of(new SipRequest.Header("Unsupported", String.join(", ", unsupported)))));
    }
    return Optional.empty();
  }

  private static List<String> unsupportedExtensions(SIPRequest request) {
    List<String> unsupported = new ArrayList<>();
    String method = request.getMethod();
    if (method.equals(Request.CANCEL) || method.equals(Request.ACK)) return unsupported;
    Iterator<SIPHeader> it = request.getHeaders(RequireHeader.NAME);
    while (it.hasNext()) {
      if (it.next() instanceof RequireHeader require) {
        String tag = require.getOptionTag();
        if (tag != null && !SUPPORTED_EXTENSIONS.contains(tag.toLowerCase(Locale.ROOT))) {
          unsupported.add(tag);
        }
      }
    }
    return unsupported;
  }

  private static Optional<Refusal> refuse(int status, String reason) {
    return Optional.of(new Refusal(status, reason, List.of()));
  }
}
