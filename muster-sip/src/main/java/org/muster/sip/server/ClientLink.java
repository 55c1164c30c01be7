package org.muster.sip.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.regroup.Delivery;
import org.muster.core.regroup.Redelivery;
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
    // one fan-out encodes its body once: only the info part's request URI differs per client
    java.util.Map<Long, RegroupBody.FanOut> fanOuts = new java.util.HashMap<>();
    for (Delivery d : deliveries) {
      long key = d.isCancel() ? -d.regroupInstance() : d.regroupInstance();
      RegroupBody.FanOut fan = deliveries.size() < 4 ? null : fanOuts.computeIfAbsent(key, k -> new RegroupBody.FanOut(documentOf(d)));
      send(d, 0, fan == null ? RegroupBody.encode(documentOf(d)) : fan.forTarget(d.client().user()));
    }
  }

  private void send(Delivery d, int attempt) {
    send(d, attempt, RegroupBody.encode(documentOf(d)));
  }

  private void send(Delivery d, int attempt, EncodedBody body) {
    ContactAddress to = ContactAddress.of(d.client().contact());
    OutgoingRequest request = new OutgoingRequest("MESSAGE", d.client().contact(), d.service().psi(ctx.config.domain()),
        d.client().user().uri(), to.host(), to.port(), to.transport(), List.of(), body.contentType(), body.body());
    ctx.endpoint.send(request)
        .completeOnTimeout(SipResponse.timeout(), ctx.settings.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .thenAccept(answer -> answered(d, answer, attempt));
  }

  private void answered(Delivery d, SipResponse answer, int attempt) {
    Delivery.Answer a = answer.isSuccess() ? Delivery.Answer.ACKNOWLEDGED
        : answer.status() == 408 || answer.status() == 503 ? Delivery.Answer.UNREACHABLE : Delivery.Answer.FAILED;
    String detail = answer.status() + " " + answer.reason();
    ctx.core.call(core -> core.deliveryAnswered(d, a, detail)).thenAccept(ctx::carryOut);
    if (a == Delivery.Answer.UNREACHABLE && attempt < Redelivery.MAX_RETRIES) {
      // bounded retries with backoff: 2 s, 4 s, 8 s; the core sends again only what is still due
      Executor later = CompletableFuture.delayedExecutor(2L << attempt, TimeUnit.SECONDS);
      CompletableFuture.runAsync(() -> ctx.core.call(core -> core.retryDelivery(d, attempt + 1)).thenAccept(o -> ctx.onSender(() -> {
        for (var e : o.events()) ctx.publish(e);
        for (Delivery again : o.deliveries()) send(again, attempt + 1);
      })), later);
    }
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
