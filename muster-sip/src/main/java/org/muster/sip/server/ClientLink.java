package org.muster.sip.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.regroup.Delivery;
import org.muster.core.regroup.Outcome;
import org.muster.core.server.McServiceServer;
import org.muster.protocol.EncodedBody;
import org.muster.protocol.RegroupAction;
import org.muster.protocol.RegroupBody;
import org.muster.protocol.RegroupDocument;
import org.muster.sip.stack.OutgoingRequest;
import org.muster.sip.stack.SipResponse;
import org.muster.core.time.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WIRE.md "Server to client: regroup notification": sends each delivery as a MESSAGE to the
 * client's registered Contact, From the service PSI, and reports the client's answer (its
 * optional preconfigured regroup (cancel) response) back to the core.
 *
 * <p>Deliveries arrive on the sender thread in the order the core decided them; each goes to its
 * client's lane ({@link SendLanes}), so a client gets its notifications in that order while the
 * lanes keep the stack busy side by side. The answers are queued and recorded in batches: one core
 * step records every answer that arrived meanwhile (at most {@link #MAX_ANSWERS_PER_STEP}), and
 * its outcome goes to the sender thread as one, instead of one core step per client.
 */
final class ClientLink {
  private static final Logger log = LoggerFactory.getLogger(ClientLink.class);
  /** Answers recorded in one core step at most; the rest in the next, so other requests get the core in between. */
  static final int MAX_ANSWERS_PER_STEP = 1_000;
  private final ServerContext ctx;
  private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
  /** True while a core step to record {@link #replies} is queued or running. */
  private final AtomicBoolean recording = new AtomicBoolean();

  ClientLink(ServerContext ctx) {
    this.ctx = ctx;
  }

  /** A client's answer to a delivery, waiting to be recorded. */
  private record Reply(Delivery delivery, Delivery.Answer answer, String detail) {}

  /** On the sender thread: first attempts of the deliveries of one outcome. */
  void deliver(List<Delivery> deliveries) {
    deliver(deliveries, 0);
  }

  /** On the sender thread: hands each delivery to its client's lane, in order. */
  private void deliver(List<Delivery> deliveries, int attempt) {
    // one fan-out encodes its body once: only the info part's request URI differs per client
    Map<Long, RegroupBody.FanOut> fanOuts = new HashMap<>();
    List<List<Runnable>> perLane = new ArrayList<>();
    for (int i = 0; i < ctx.lanes.count(); i++) perLane.add(new ArrayList<>());
    for (Delivery d : deliveries) {
      long key = d.isCancel() ? -d.regroupInstance() : d.regroupInstance();
      RegroupBody.FanOut fan = deliveries.size() < 4 ? null : fanOuts.computeIfAbsent(key, k -> new RegroupBody.FanOut(documentOf(d)));
      perLane.get(ctx.lanes.laneOf(d.client()))
          .add(() -> send(d, attempt, fan == null ? RegroupBody.encode(documentOf(d)) : fan.forTarget(d.client().user())));
    }
    for (int i = 0; i < perLane.size(); i++) {
      List<Runnable> sends = perLane.get(i);
      if (!sends.isEmpty()) ctx.lanes.execute(i, () -> sends.forEach(Runnable::run));
    }
  }

  /** On the client's lane. */
  private void send(Delivery d, int attempt, EncodedBody body) {
    ClientRoutes.Route route = ctx.routes.to(d.client()); // straight, or through the proxy it registered through
    ContactAddress to = route.nextHop();
    OutgoingRequest request = new OutgoingRequest("MESSAGE", d.client().contact(), d.service().psi(ctx.config.domain()),
        d.client().user().uri(), to.host(), to.port(), to.transport(), route.headers(), body.contentType(), body.body());
    ctx.endpoint.send(request)
        .completeOnTimeout(SipResponse.timeout(), ctx.settings.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .thenAccept(answer -> answered(d, answer, attempt));
  }

  /** On the thread the answer (or its timeout) came on: queued for the next batch. */
  private void answered(Delivery d, SipResponse answer, int attempt) {
    Delivery.Answer a = answer.isSuccess() ? Delivery.Answer.ACKNOWLEDGED
        : answer.status() == 408 || answer.status() == 503 ? Delivery.Answer.UNREACHABLE : Delivery.Answer.FAILED;
    replies.add(new Reply(d, a, answer.status() + " " + answer.reason()));
    if (recording.compareAndSet(false, true)) ctx.decide(this::record, ctx::carryOut);
    if (a == Delivery.Answer.UNREACHABLE && Backoff.CLIENT_DELIVERY.triesAgainAfter(attempt + 1)) {
      // bounded retries (Backoff.CLIENT_DELIVERY: 2 s, 4 s, 8 s); the core sends again only what is still due
      Executor later = CompletableFuture.delayedExecutor(Backoff.CLIENT_DELIVERY.after(attempt + 1).toMillis(), TimeUnit.MILLISECONDS);
      later.execute(() -> ctx.decide(core -> core.retryDelivery(d, attempt + 1), o -> ctx.onSender(() -> {
        for (var e : o.events()) ctx.publish(e);
        deliver(o.deliveries(), attempt + 1);
      })));
    }
  }

  /**
   * On the core thread: records the queued answers (the member steps of 10.xx.3.2.1 step 7 /
   * 10.xx.3.2.3) as one outcome, made durable and carried out like any other.
   */
  private Outcome record(McServiceServer core) {
    Outcome.Builder all = new Outcome.Builder();
    Reply r;
    for (int n = 0; n < MAX_ANSWERS_PER_STEP && (r = replies.poll()) != null; n++) {
      try {
        all.merge(core.deliveryAnswered(r.delivery(), r.answer(), r.detail()));
      } catch (RuntimeException e) {
        log.error("recording the answer of {} failed", r.delivery().client(), e);
      }
    }
    if (replies.isEmpty()) {
      recording.set(false);
      // an answer queued between the poll and the reset found recording still true: take it here
      if (replies.isEmpty() || !recording.compareAndSet(false, true)) return all.build();
    }
    // still on the core thread: the next batch cannot run before this step's outcome is carried out
    ctx.decide(this::record, ctx::carryOut);
    return all.build();
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
