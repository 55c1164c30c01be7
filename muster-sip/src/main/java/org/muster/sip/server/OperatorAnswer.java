package org.muster.sip.server;

import java.util.ArrayList;
import java.util.List;

/**
 * What a console operator's create or cancel was answered ({@link MusterServer#regroup}, {@link
 * MusterServer#cancel}): the status, reason phrase and Warning texts a SIP requester would get
 * (200, or the reject of WIRE.md's table).
 */
public record OperatorAnswer(int status, String reason, List<String> warnings) {
  public OperatorAnswer {
    warnings = List.copyOf(warnings);
  }

  public boolean ok() {
    return status == 200;
  }

  /** The texts of {@code Warning: 399 HOST "text"} headers (RFC 3261 20.43); other headers are left out. */
  static OperatorAnswer of(int status, String reason, List<org.muster.sip.stack.SipRequest.Header> headers) {
    List<String> texts = new ArrayList<>();
    for (org.muster.sip.stack.SipRequest.Header h : headers) {
      if (!h.name().equalsIgnoreCase("Warning")) continue;
      String v = h.value();
      int open = v.indexOf('"');
      texts.add(open >= 0 && v.endsWith("\"") && v.length() > open + 1 ? v.substring(open + 1, v.length() - 1) : v);
    }
    return new OperatorAnswer(status, reason, texts);
  }
}
