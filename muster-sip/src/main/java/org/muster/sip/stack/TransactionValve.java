package org.muster.sip.stack;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.util.function.Consumer;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Sees every request before the RI's transaction layer does, and takes an INVITE out of it
 * (handing it to {@code stateless}, which answers without a server transaction): Muster serves no
 * INVITE, and the RI would retransmit the final answer until an ACK came (11 times over 32 s), an
 * amplifier towards a spoofed source. Each INVITE received is answered once.
 */
final class TransactionValve implements SIPMessageValve {
  private final Consumer<SIPRequest> stateless;

  TransactionValve(Consumer<SIPRequest> stateless) {
    this.stateless = stateless;
  }

  @Override
  public boolean processRequest(SIPRequest request, MessageChannel channel) {
    String method = request.getMethod();
    if (Request.INVITE.equals(method)) {
      stateless.accept(request);
      return false; // the RI goes no further with it
    }
    return true;
  }

  @Override
  public boolean processResponse(Response response, MessageChannel channel) {
    return true;
  }

  @Override
  public void init(SipStack sipStack) {
    // Made and added by JainSipEndpoint, which gives it all it needs.
  }

  @Override
  public void destroy() {
    // Holds nothing.
  }
}
