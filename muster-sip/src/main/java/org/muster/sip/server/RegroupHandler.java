package org.muster.sip.server;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.Locale;
import java.util.Optional;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.regroup.CrossSystem;
import org.muster.core.regroup.Outcome;
import org.muster.core.regroup.PartnerAnswer;
import org.muster.core.regroup.PartnerRequest;
import org.muster.core.regroup.PrimaryRegroupAcrossSystems.PartnerEvent;
import org.muster.core.server.McServiceServer;
import org.muster.protocol.decode.Decoded;
import org.muster.protocol.RegroupAction;
import org.muster.protocol.RegroupBody;
import org.muster.protocol.RegroupDocument;
import org.muster.sip.stack.SipRequest;

/**
 * WIRE.md "Client to server: preconfigured regroup request and cancel request": a MESSAGE to
 * the server PSI carrying the regroup bodies. The final answer is the preconfigured regroup
 * response (200), or the reject as a 4xx/5xx with a Warning (10.xx.2.13).
 */
final class RegroupHandler {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RegroupHandler.class);
  static final String ACCEPT = "multipart/mixed, application/vnd.3gpp.mcptt-regroup+xml, "
      + "application/vnd.3gpp.mcvideo-regroup+xml, application/vnd.3gpp.mcdata-regroup+xml";
  /** How long a create waits for the partner's GMS to take the preconfigured group first (10.xx.3.3.1). */
  static final long SHARE_WAIT_MS = 1000;
  private final ServerContext ctx;

  RegroupHandler(ServerContext ctx) {
    this.ctx = ctx;
  }

  void handle(SipRequest req) {
    Optional<McServiceId> originator = Originator.of(req);
    if (originator.isEmpty()) {
      req.respond(403, "Forbidden", Warnings.one(ctx.host(), "not authorized: From is not an MC service ID"));
      return;
    }
    // WIRE.md: over its client's authenticated flow, or with the user's credentials; authorization comes after
    if (ctx.gate.admit(req, originator.get(), true).isEmpty()) return;
    String ct = req.contentType().orElse("").toLowerCase(Locale.ROOT);
    if (!ct.startsWith("multipart/mixed") && !RegroupBody.serviceOf(ct).isPresent()) {
      req.respond(415, "Unsupported Media Type", List.of(new SipRequest.Header("Accept", ACCEPT)));
      return;
    }
    Decoded<RegroupDocument> decoded = RegroupBody.decode(req.contentType().orElse(""), req.body());
    if (decoded instanceof Decoded.Bad<RegroupDocument> bad) {
      req.respond(400, "Bad Request", Warnings.one(ctx.host(), "malformed regroup request: " + bad.message()));
      return;
    }
    RegroupDocument doc = ((Decoded.Ok<RegroupDocument>) decoded).value();
    McServiceId requester = originator.get();
    // WIRE.md: a body that names a different originator than the request's is rejected
    if (doc.callingUser().isPresent() && !doc.callingUser().get().equals(requester)) {
      req.respond(403, "Forbidden", Warnings.one(ctx.host(), "not authorized: calling user " + doc.callingUser().get() + " is not the originator"));
      return;
    }
    submit(requester, doc, true, req::respond);
  }

  /** Who is answered: the SIP request, or an operator of the admin console ({@link MusterServer#regroup}). */
  interface Answerer {
    void respond(int status, String reason, List<SipRequest.Header> headers);

    default void respond(int status, String reason) {
      respond(status, reason, List.of());
    }
  }

  /**
   * The create or cancel of {@code doc} by {@code requester}, decided by the core as any request
   * is, and answered to {@code req}. {@code registered}: the requester must have a current
   * registration (a SIP request; the console's operator signed in over HTTP instead).
   */
  void submit(McServiceId requester, RegroupDocument doc, boolean registered, Answerer req) {
    boolean create = doc.action() == RegroupAction.CREATE;
    // answered once what the core decided is in the store (SerialCore); a create the store did
    // not take was undone and is refused (NotDurable)
    ctx.core.call(core -> {
      if (registered && core.registrationsOf(requester).isEmpty()) return Optional.<CrossSystem>empty();
      if (create) {
        return Optional.of(core.regroupAcrossSystems(doc.service(), new PreconfiguredRegroupRequest.FromClient(
            requester, doc.regroupGroup(), doc.configurationGroup().orElseThrow(), doc.targets().orElseThrow(), doc.expires())));
      }
      return Optional.of(core.cancelAcrossSystems(doc.service(), new PreconfiguredRegroupCancelRequest.FromClient(requester, doc.regroupGroup())));
    }, (o, e) -> {
      if (e != null) {
        Optional<Rejection> undone = NotDurable.of(e);
        if (undone.isPresent()) answer(req, Outcome.reject(undone.get()));
        else req.respond(500, "Server Internal Error", Warnings.one(ctx.host(), "regroup failed"));
      } else if (o.isEmpty()) {
        req.respond(403, "Forbidden", Warnings.one(ctx.host(), "not authorized: " + requester + " has no current registration"));
      } else if (o.get().toPartners().isEmpty()) {
        answer(req, o.get().outcome());
      } else if (create) {
        acrossSystems(req, doc, o.get());
      } else {
        // 10.xx.3.3.3: cancelled here at once (the cancels owed to the partners were stored with
        // it); step 10 answers after the partners' first cancel responses, later attempts follow
        ctx.carryOut(o.get().outcome());
        List<PartnerRequest> cancels = o.get().toPartners(); // owed by the core until confirmed (CancelsOwedToPartners)
        ctx.core.call(core -> ctx.partnerCancels.firstAnswers(core, doc.regroupGroup(), partnersOf(cancels)))
            .thenCompose(f -> f).thenAccept(answers -> {
          List<String> silent = answers.entrySet().stream()
              .filter(a -> !(a.getValue() instanceof PartnerAnswer.Accepted)).map(a -> a.getKey()).toList();
          req.respond(200, "OK", silent.isEmpty() ? List.of()
              : Warnings.one(ctx.host(), "cancelled here; partner " + String.join(", ", silent) + " did not confirm the cancel yet"));
        });
      }
    });
  }

  /**
   * 10.xx.3.3.1 steps 4 to 11 / 10.xx.3.3.4, the adapter's part: the forming regroup was stored;
   * cancels still owed to these partners for an earlier regroup of the same regroup group go
   * first; then each partner's GMS is given the preconfigured group if it has not taken it (waiting
   * {@link #SHARE_WAIT_MS} at most), each partner is asked, and each answer (or time-out) goes to the core's machine
   * ({@link McServiceServer#partnerEvent}) as it comes. The requester is answered once, by the
   * event that decides the create.
   */
  private void acrossSystems(Answerer req, RegroupDocument doc, CrossSystem begun) {
    McServiceGroupId rg = doc.regroupGroup();
    ctx.core.call(core -> ctx.partnerCancels.firstAnswers(core, rg, partnersOf(begun.toPartners())))
        .thenCompose(f -> f)
        .whenComplete((v, e) -> {
          List<CompletableFuture<CompletableFuture<PartnerAnswer>>> asked = new java.util.ArrayList<>();
          for (PartnerRequest r : begun.toPartners()) {
            // 10.xx.3.3.1: the partner's GMS holds the preconfigured group before the create goes
            CompletableFuture<CompletableFuture<PartnerAnswer>> sent = beforeCreate(r, doc).thenApply(x -> ctx.partnerLink.sendOne(r));
            asked.add(sent);
            sent.thenCompose(answer -> answer).thenAccept(answer -> {
              lacksConfiguration(r, doc, answer);
              ctx.core.call(
                core -> core.partnerEvent(rg, begun.instance(), PartnerEvent.of(r.partnerId(), answer)),
                (done, failed) -> decided(req, rg, partnersOf(begun.toPartners()), done, failed));
            });
          }
          // the FORMING event: stored, and every partner asked
          CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).whenComplete((x, y) -> ctx.carryOut(begun.outcome()));
        });
  }

  /** What the core made of one partner's event: nothing yet, or the create's decision to answer with. */
  private void decided(Answerer req, McServiceGroupId rg, Set<String> asked, CrossSystem done, Throwable e) {
    Optional<Rejection> undone = e == null ? Optional.empty() : NotDurable.of(e);
    if (undone.isPresent()) {
      // the store could not say it is in effect: undone here, and every partner (all accepted) is owed a cancel
      ctx.core.call(core -> ctx.partnerCancels.firstAnswers(core, rg, asked));
      answer(req, Outcome.reject(undone.get()));
    } else if (e != null) {
      log.error("regroup across systems of {} failed", rg, e);
      req.respond(500, "Server Internal Error", Warnings.one(ctx.host(), "regroup failed"));
    } else if (!done.awaiting()) {
      // 10.xx.3.3.4 step 6: nowhere in effect; the partners that may hold it are owed a cancel (sent now)
      if (!done.toPartners().isEmpty()) sendOwedCancels(rg, done.toPartners());
      answer(req, done.outcome());
    }
  }

  /** A partner's "163 unknown identity" for our preconfigured group: its GMS lost it; ours shares it again. */
  private void lacksConfiguration(PartnerRequest r, RegroupDocument doc, PartnerAnswer answer) {
    if (!(answer instanceof PartnerAnswer.Rejected rejected) || rejected.rejection().sipStatus() != 404 || doc.configurationGroup().isEmpty()) return;
    McServiceGroupId cfg = doc.configurationGroup().get();
    if (!rejected.rejection().warningText().contains(cfg.uri())) return;
    ctx.config.partner(r.partnerId()).ifPresent(p -> ctx.gms.partnerLacks(p, cfg));
  }

  private java.util.concurrent.CompletableFuture<Void> beforeCreate(PartnerRequest r, RegroupDocument doc) {
    Optional<org.muster.core.config.PartnerConfig> p = ctx.config.partner(r.partnerId());
    if (p.isEmpty() || doc.configurationGroup().isEmpty()) return java.util.concurrent.CompletableFuture.completedFuture(null);
    // bounded: a partner whose GMS does not answer at once gets the create anyway (it answers for itself)
    return ctx.gms.beforeCreate(p.get(), doc.configurationGroup().get())
        .completeOnTimeout(null, Math.min(SHARE_WAIT_MS, ctx.settings.partnerTimeout().toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS)
        .exceptionally(e -> null);
  }

  private void sendOwedCancels(McServiceGroupId rg, List<PartnerRequest> toPartners) {
    ctx.core.call(core -> ctx.partnerCancels.firstAnswers(core, rg, partnersOf(toPartners)));
  }

  private static Set<String> partnersOf(List<PartnerRequest> requests) {
    Set<String> partners = new LinkedHashSet<>();
    for (PartnerRequest p : requests) partners.add(p.partnerId());
    return partners;
  }

  private void answer(Answerer req, Outcome o) {
    if (o.rejection().isPresent()) {
      Rejection r = o.rejection().get();
      ctx.observer.regroupRefused(r.reason());
      ctx.carryOut(o); // the REJECTED event, on the sender thread in the core's order
      // a partner's reject is passed on with its own Warning agent (10.xx.3.3.4 step 7)
      if (r.reason() == RejectReason.PARTNER_REJECTED) {
        req.respond(r.sipStatus(), reasonPhrase(r.sipStatus()), Warnings.one(r.detail().isEmpty() ? ctx.host() : r.detail(), r.warningText()));
      } else {
        req.respond(r.sipStatus(), reasonPhrase(r.sipStatus()), Warnings.of(ctx.host(), r));
      }
    } else {
      ctx.carryOut(o);
      req.respond(200, "OK");
    }
  }

  static String reasonPhrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 503 -> "Service Unavailable";
      case 504 -> "Server Time-out";
      default -> "Rejected";
    };
  }
}
