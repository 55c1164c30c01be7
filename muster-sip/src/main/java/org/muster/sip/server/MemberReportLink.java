package org.muster.sip.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.muster.core.config.PartnerConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.regroup.ActiveRegroup;
import org.muster.core.regroup.MemberReport;
import org.muster.core.regroup.MemberStep;
import org.muster.core.regroup.RegroupEvent;
import org.muster.core.server.McServiceServer;
import org.muster.protocol.MemberReportBody;
import org.muster.sip.stack.OutgoingRequest;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner side of the member reports (an extension beyond WIRE.md, see {@link MemberReport}):
 * for a regroup served here for a primary server (TS 23.280 10.xx.3.3.1 / 10.xx.3.3.2 steps 5 to
 * 9, 10.xx.3.3.3 steps 5 to 8), the member steps of our clients go back to the primary as
 * server-to-server MESSAGEs, addressed like the primary's own requests to us (its PSI for the
 * regroup's service, at its provisioned {@code sip} address, {@code P-Asserted-Identity} = our PSI).
 *
 * <p>The steps are the MEMBER events the core publishes; they are gathered and, once per
 * {@link ServerSettings#reportInterval()}, the core tells which of them belong to a regroup served for a primary
 * ({@link ActiveRegroup#primarySystem()}). So a fan-out of a thousand acknowledgements is a
 * handful of reports, never one MESSAGE per acknowledgement. Reports are numbered per regroup and
 * sent one at a time per regroup ({@link MemberReportQueue}); one without a 2xx is sent again
 * after 2, 4 and 8 s (a 404 too: the primary may still be waiting for another partner), then
 * logged and dropped. Nothing here waits: the sends are the endpoint's asynchronous ones, and the
 * queue is touched on the sender thread only.
 */
final class MemberReportLink {
  private static final Logger log = LoggerFactory.getLogger(MemberReportLink.class);
  /** Events held between two batches, at most (the core thread drains them every interval). */
  static final int MAX_GATHERED = 200_000;
  /** A body larger than this goes over TCP (RFC 3261 18.1.1: a request over 1300 bytes, path MTU unknown). */
  static final int UDP_MAX_BODY = 700;

  private final ServerContext ctx;
  private final ConcurrentLinkedQueue<RegroupEvent> gathered = new ConcurrentLinkedQueue<>();
  private final AtomicInteger gatheredCount = new AtomicInteger();
  /** Touched on the sender thread only. */
  private final MemberReportQueue queue;
  private volatile boolean overflowLogged;
  /** Sender thread only: when a dropped report was last logged as a warning (then once a minute). */
  private long lastDropWarning = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);
  private int dropsSinceWarning;

  private MemberReportLink(ServerContext ctx) {
    this.ctx = ctx;
    this.queue = new MemberReportQueue(ctx.config.domain(), MemberReportBody::encode, MemberReportBody.MAX_BYTES,
        () -> UUID.randomUUID().toString());
  }

  /** Starts reporting for a system that has partners (a system without any serves no primary). */
  static void start(ServerContext ctx) {
    if (ctx.config.partners().isEmpty()) return;
    MemberReportLink link = new MemberReportLink(ctx);
    ctx.listeners.add(link::gather);
    ctx.core.every(ctx.settings.reportInterval().toMillis(), link::batches, link::enqueue);
  }

  /** Listener: on the sender thread or the core thread; only keeps the event. */
  private void gather(RegroupEvent e) {
    if (e.kind() != RegroupEvent.Kind.MEMBER || e.client().isEmpty() || e.memberState().isEmpty()) return;
    if (gatheredCount.incrementAndGet() > MAX_GATHERED) {
      gatheredCount.decrementAndGet();
      if (!overflowLogged) log.warn("member reports: more than {} member steps between two batches; further ones are not reported", MAX_GATHERED);
      overflowLogged = true;
      return;
    }
    gathered.add(e);
  }

  /** A batch of one regroup served here for a primary. */
  private record Batch(MemberReportQueue.Key key, List<MemberReport.Entry> entries) {}

  private record RegroupOf(McServiceGroupId regroupGroup, McService service) {}

  /** On the core thread, every interval: the gathered steps of regroups served for a primary, per regroup. */
  private List<Batch> batches(McServiceServer core) {
    if (gathered.isEmpty()) return List.of();
    Map<RegroupOf, List<RegroupEvent>> byRegroup = new LinkedHashMap<>();
    for (RegroupEvent e; (e = gathered.poll()) != null; ) {
      gatheredCount.decrementAndGet();
      byRegroup.computeIfAbsent(new RegroupOf(e.regroupGroup(), e.service()), k -> new ArrayList<>()).add(e);
    }
    overflowLogged = false;
    List<Batch> out = new ArrayList<>();
    byRegroup.forEach((of, events) -> {
      Optional<ActiveRegroup> r = core.regroup(of.regroupGroup()).filter(x -> x.service() == of.service() && x.primarySystem().isPresent());
      if (r.isEmpty()) return;
      List<MemberReport.Entry> entries = new ArrayList<>(events.size());
      for (RegroupEvent e : events) {
        String contact = e.client().get().contact();
        if (contact.isBlank() || contact.length() > MemberReport.MAX_CLIENT) continue;
        entries.add(new MemberReport.Entry(e.client().get(), new MemberStep(e.memberState().get(), e.at(), MemberReport.clip(e.detail()))));
      }
      out.add(new Batch(new MemberReportQueue.Key(r.get().primarySystem().get(), of.service(), of.regroupGroup(), r.get().instance()), entries));
    });
    return out;
  }

  /** On the core thread, right after {@link #batches}: hands them to the sender thread. */
  private void enqueue(List<Batch> batches) {
    if (batches.isEmpty()) return;
    onSender(() -> {
      for (Batch b : batches) {
        int dropped = queue.add(b.key(), b.entries());
        if (dropped > 0) log.warn("member reports to {} for {}: {} step(s) dropped (report size or backlog bound)", b.key().primaryId(),
            b.key().regroupGroup(), dropped);
      }
      sendDue();
    });
  }

  private void sendDue() {
    for (MemberReportQueue.Ready r : queue.due()) send(r);
  }

  private void send(MemberReportQueue.Ready r) {
    Optional<PartnerConfig> primary = ctx.config.partner(r.key().primaryId());
    if (primary.isEmpty() || ctx.endpoint == null) {
      answered(r, new SipResponse(503, primary.isEmpty() ? "Primary Not Provisioned" : "Not Started", List.of(), new byte[0]));
      return;
    }
    PartnerConfig p = primary.get();
    String psi = r.key().service().psi(p.domain());
    String ours = r.key().service().psi(ctx.config.domain());
    byte[] body = r.body().body();
    OutgoingRequest request = new OutgoingRequest("MESSAGE", psi, ours, psi, p.address().host(), p.address().port(),
        PartnerLink.transportTo(p, body.length > UDP_MAX_BODY), List.of(new SipRequest.Header("P-Asserted-Identity", "<" + ours + ">")),
        r.body().contentType(), body);
    ctx.endpoint.send(request)
        .completeOnTimeout(SipResponse.timeout(), ctx.settings.partnerTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .thenAccept(answer -> onSender(() -> answered(r, answer)));
  }

  /** On the sender thread: the primary's answer to {@code r}, or the lack of one. */
  private void answered(MemberReportQueue.Ready r, SipResponse answer) {
    MemberReportQueue.Key key = r.key();
    switch (queue.answered(key, answer.status())) {
      case DONE -> log.debug("member report {} for {} taken by {}", r.report().sequence(), key.regroupGroup(), key.primaryId());
      case RETRY -> {
        long delay = queue.retryDelaySeconds(key);
        log.debug("member report {} for {} to {}: {} {}, again in {} s", r.report().sequence(), key.regroupGroup(), key.primaryId(),
            answer.status(), answer.reason(), delay);
        CompletableFuture.delayedExecutor(delay, TimeUnit.SECONDS).execute(() -> onSender(() -> queue.inFlight(key).ifPresent(this::send)));
        return;
      }
      case DROPPED -> dropped(r, answer);
    }
    sendDue();
  }

  /** Logged as a warning at most once a minute (a primary without member reports refuses every one). */
  private void dropped(MemberReportQueue.Ready r, SipResponse answer) {
    String what = "member report " + r.report().sequence() + " for " + r.key().regroupGroup() + " (" + r.report().steps().size()
        + " step(s)) dropped: primary " + r.key().primaryId() + " answered " + answer.status() + " " + answer.reason()
        + answer.header("Warning").map(w -> " (" + w + ")").orElse("");
    long now = System.nanoTime();
    if (now - lastDropWarning < TimeUnit.MINUTES.toNanos(1)) {
      dropsSinceWarning++;
      log.debug("{}", what);
      return;
    }
    log.warn("{}{}", what, dropsSinceWarning == 0 ? "" : "; " + dropsSinceWarning + " more dropped in the last minute");
    lastDropWarning = now;
    dropsSinceWarning = 0;
  }

  private void onSender(Runnable r) {
    try {
      ctx.sender.execute(r);
    } catch (RejectedExecutionException stopping) {
      log.debug("server stopping: member reports not sent");
    }
  }
}
