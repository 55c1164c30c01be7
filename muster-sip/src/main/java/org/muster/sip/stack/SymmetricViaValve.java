package org.muster.sip.stack;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.text.ParseException;
import javax.sip.SipStack;
import javax.sip.message.Response;

/**
 * Makes the top Via of each incoming request name the transport it really came on, before the RI
 * creates the server transaction. The RI routes answers by that Via transport (RFC 3261 18.2.2):
 * a request that came on UDP but names TCP would be answered on a new TCP connection, and one
 * that came on TCP but names UDP by a datagram to the TCP source port; neither reaches the client.
 * The answer's Via then shows the real transport; clients match answers by branch and method
 * (17.1.3). Set through {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}.
 */
public final class SymmetricViaValve implements SIPMessageValve {
  /** Public no-argument constructor, for the stack's reflection. */
  public SymmetricViaValve() {}

  @Override
  public boolean processRequest(SIPRequest request, MessageChannel channel) {
    Via via = request.getTopmostVia();
    String actual = channel.getTransport();
    if (via != null && actual != null && !actual.equalsIgnoreCase(via.getTransport())) {
      try {
        via.setTransport(actual.toUpperCase(java.util.Locale.ROOT));
      } catch (ParseException e) {
        return true; // keep the message as it came
      }
    }
    return true;
  }

  @Override
  public boolean processResponse(Response response, MessageChannel channel) {
    return true;
  }

  @Override
  public void init(SipStack stack) {
    // Stateless.
  }

  @Override
  public void destroy() {
    // Stateless.
  }
}
