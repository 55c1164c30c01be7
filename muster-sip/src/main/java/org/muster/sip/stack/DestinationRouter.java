package org.muster.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.DefaultRouter;
import java.util.ListIterator;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.message.Request;

/**
 * Sends each request to the {@link Hop} that {@link JainSipEndpoint#send} attached to it as
 * application data, so a request for {@code sip:mcptt-server@metro.example} reaches the address
 * Muster was told, with no Route header on the wire and no DNS. Requests without such a hop are
 * routed by the RI's default router. The stack creates it by reflection ({@code
 * javax.sip.ROUTER_PATH}).
 */
public final class DestinationRouter implements Router {
  private final DefaultRouter fallback;

  /** The constructor the RI calls. */
  public DestinationRouter(SipStack stack, String outboundProxy) {
    this.fallback = new DefaultRouter(stack, outboundProxy);
  }

  static void attach(Request request, Hop hop) {
    ((SIPMessage) request).setApplicationData(hop);
  }

  @Override
  public Hop getNextHop(Request request) throws SipException {
    if (request instanceof SIPMessage message && message.getApplicationData() instanceof Hop hop) {
      return hop;
    }
    return fallback.getNextHop(request);
  }

  @Override
  public Hop getOutboundProxy() {
    return fallback.getOutboundProxy();
  }

  @Override
  @Deprecated
  public ListIterator<?> getNextHops(Request request) {
    return fallback.getNextHops(request);
  }
}
