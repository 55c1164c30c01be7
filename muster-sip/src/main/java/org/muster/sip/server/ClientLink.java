package org.muster.sip.server;

import java.util.List;
import java.util.Optional;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.regroup.Delivery;
import org.muster.protocol.EncodedBody;
import org.muster.protocol.RegroupAction;
import org.muster.protocol.RegroupBody;
import org.muster.protocol.RegroupDocument;
import org.muster.sip.stack.OutgoingRequest;
import org.muster.sip.stack.SipResponse;

/**
 * WIRE.md "Server to client: regroup notification": sends each delivery as a MESSAGE to the
 * client's registered Contact, From the service PSI, and reports the client's answer (its
 * optional preconfigured regroup (cancel) response) back to the core.
 */
final class ClientLink {
  private final ServerContext ctx;

  ClientLink(ServerContext ctx) {
    this.ctx = ctx;
  }

  void deliver(List<Delivery> deliveries) {
    for (Delivery d : deliveries) send(d);
  }

  private void send(Delivery d) {
    EncodedBody body = RegroupBody.encode(documentOf(d));
    ContactAddress to = ContactAddress.of(d.client().contact());
    OutgoingRequest request = new OutgoingRequest("MESSAGE", d.client().contact(), d.service().psi(ctx.config.domain()),
        d.client().user().uri(), to.host(), to.port(), to.transport(), List.of(), body.contentType(), body.body());
    ctx.endpoint.send(request).thenAccept(answer -> answered(d, answer));
  }

  private void answered(Delivery d, SipResponse answer) {
    Delivery.Answer a = answer.isSuccess() ? Delivery.Answer.ACKNOWLEDGED
        : answer.status() == 408 || answer.status() == 503 ? Delivery.Answer.UNREACHABLE : Delivery.Answer.FAILED;
    String detail = answer.status() + " " + answer.reason();
    ctx.core.call(core -> core.deliveryAnswered(d, a, detail)).thenAccept(ctx::carryOut);
  }

  /** The 10.xx.2.2 / 10.xx.2.8 flow as the WIRE.md body document. */
  static RegroupDocument documentOf(Delivery d) {
    if (d.flow() instanceof PreconfiguredRegroupRequest.ToClient r) {
      return new RegroupDocument(d.service(), RegroupAction.CREATE, Optional.of(r.requester()), Optional.of(r.target()),
          r.broadcast(), Optional.of(r.configurationGroup()), r.regroupGroup(), Optional.of(r.targets()));
    }
    PreconfiguredRegroupCancelRequest.ToClient c = (PreconfiguredRegroupCancelRequest.ToClient) d.flow();
    return new RegroupDocument(d.service(), RegroupAction.REMOVE, Optional.of(c.requester()), Optional.of(c.target()),
        false, Optional.empty(), c.regroupGroup(), Optional.empty());
  }
}
