package org.muster.sip.server;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.muster.core.config.PartnerConfig;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McService;
import org.muster.core.id.SipUri;
import org.muster.core.regroup.Outcome;
import org.muster.protocol.BodyTypes;
import org.muster.protocol.decode.Decoded;
import org.muster.protocol.RegroupAction;
import org.muster.protocol.RegroupBody;
import org.muster.protocol.RegroupDocument;
import org.muster.sip.stack.SipRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-to-server requests from a partner MC system (WIRE.md interconnection): accepted only
 * from the systems provisioning lists as partners, recognised by their TLS certificate or their
 * provisioned address ({@link PartnerRecognition}), and only for the operations they are trusted
 * with (the core checks {@code trust}); anything else gets 403 and one log line.
 */
final class PartnerHandler {
  private static final Logger log = LoggerFactory.getLogger(PartnerHandler.class);
  /** What a partner may send: the regroup bodies, and member reports (beyond WIRE.md). */
  static final String ACCEPT = RegroupHandler.ACCEPT + ", " + BodyTypes.MEMBER_REPORT + ", " + BodyTypes.PARTNER_RELEASE;
  private final ServerContext ctx;
  private final MemberReportHandler memberReports;

  PartnerHandler(ServerContext ctx) {
    this.ctx = ctx;
    this.memberReports = new MemberReportHandler(ctx);
  }

  /** True when the request claims to come from another MC system's server (P-Asserted-Identity). */
  static boolean claimsPartner(SipRequest req, ServerContext ctx) {
    Optional<String> pai = req.assertedIdentity().map(ServerContext::stripParams);
    return pai.isPresent() && SipUri.isValid(pai.get()) && !SipUri.domain(pai.get()).equals(ctx.config.domain());
  }

  void handle(SipRequest req) {
    String pai = ServerContext.stripParams(req.assertedIdentity().orElse(""));
    Optional<PartnerConfig> partner = ctx.config.partnerForDomain(SipUri.domain(pai));
    Optional<String> refusal = partner.isEmpty() || !(isPsi(pai, partner.get()) || isGmsPsi(pai, partner.get()))
        ? Optional.of("not a provisioned partner")
        : PartnerRecognition.refusal(req, partner.get());
    if (refusal.isPresent()) {
      log.warn("refused server-to-server {} from {}:{} over {} claiming {}: {}", req.method(), req.sourceAddress(), req.sourcePort(),
          req.transport(), pai, refusal.get());
      req.respond(403, "Forbidden", Warnings.one(ctx.host(), "not authorized: " + pai + " is not recognised as a partner of this system"));
      return;
    }
    ctx.partnerContact.put(partner.get().id(), ctx.clock.instant());
    if (!req.method().equalsIgnoreCase("MESSAGE")) {
      req.respond(405, "Method Not Allowed", List.of(new SipRequest.Header("Allow", "MESSAGE")));
      return;
    }
    String ct = req.contentType().orElse("");
    if (isGmsPsi(pai, partner.get()) || ctx.gms.handles(ct)) {
      // beyond WIRE.md: the partner's GMS shares group configuration with ours (10.xx.3.3.1, 10.2.7)
      toGms(req, partner.get(), pai, ct);
      return;
    }
    if (BodyTypes.isMemberReport(ct)) {
      // beyond WIRE.md: a partner reports the member steps of its clients in one of our regroups
      memberReports.handle(req, partner.get());
      return;
    }
    if (BodyTypes.isPartnerRelease(ct)) {
      // beyond WIRE.md: a partner released its part of one of our regroups on its own
      PartnerReleaseHandler.handle(ctx, req, partner.get());
      return;
    }
    if (!RegroupBody.isRegroupContentType(ct)) {
      req.respond(415, "Unsupported Media Type", List.of(new SipRequest.Header("Accept", ACCEPT)));
      return;
    }
    Decoded<RegroupDocument> decoded = RegroupBody.decode(ct, req.body());
    if (decoded instanceof Decoded.Bad<RegroupDocument> bad) {
      req.respond(400, "Bad Request", Warnings.one(ctx.host(), "malformed regroup request: " + bad.message()));
      return;
    }
    RegroupDocument doc = ((Decoded.Ok<RegroupDocument>) decoded).value();
    if (doc.callingUser().isEmpty()) {
      req.respond(400, "Bad Request", Warnings.one(ctx.host(), "malformed regroup request: <mcptt-calling-user-id> missing"));
      return;
    }
    PartnerConfig p = partner.get();
    McService service = doc.service();
    if (doc.action() == RegroupAction.CREATE) {
      create(req, p, service, new PreconfiguredRegroupRequest.BetweenServers(doc.callingUser().get(), doc.regroupGroup(),
          doc.configurationGroup().orElseThrow(), doc.targets().orElseThrow()), true);
      return;
    }
    ctx.core.call(core -> core.cancelFromPartner(p, service, new PreconfiguredRegroupCancelRequest.BetweenServers(doc.callingUser().get(),
        doc.regroupGroup())), (o, e) -> answer(req, o, e));
  }

  /**
   * A create from the primary; when it names a preconfigured group of the primary that our GMS
   * does not have, ours asks the primary's for it (10.xx.3.3.1 step 3, "may retrieve") and the
   * create is decided once more, within {@link RegroupHandler#SHARE_WAIT_MS}.
   */
  private void create(SipRequest req, PartnerConfig p, McService service, PreconfiguredRegroupRequest.BetweenServers create, boolean mayFetch) {
    ctx.core.call(core -> core.regroupFromPartner(p, service, create), (o, e) -> {
      McServiceGroupId cfg = create.configurationGroup();
      boolean unknown = e == null && o.rejection().filter(r -> r.reason() == RejectReason.UNKNOWN_IDENTITY && r.detail().equals(cfg.uri()))
          .isPresent() && cfg.domain().equals(p.domain());
      if (!mayFetch || !unknown) {
        answer(req, o, e);
        return;
      }
      ctx.gms.fetch(p, cfg).completeOnTimeout(false, RegroupHandler.SHARE_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
          .exceptionally(x -> false)
          .thenAccept(got -> {
            if (got) create(req, p, service, create, false);
            else answer(req, o, null);
          });
    });
  }

  private void toGms(SipRequest req, PartnerConfig p, String pai, String ct) {
    if (!isGmsPsi(pai, p) || !ServerContext.stripParams(req.requestUri()).toLowerCase(Locale.ROOT)
        .equals("sip:" + GmsConnection.PSI_USER + "@" + ctx.config.domain())) {
      req.respond(403, "Forbidden", Warnings.one(ctx.host(), "not authorized: group configuration goes from GMS to GMS ("
          + GmsConnection.PSI_USER + "@" + p.domain() + " to " + GmsConnection.PSI_USER + "@" + ctx.config.domain() + ")"));
      return;
    }
    if (!ctx.gms.handles(ct)) {
      req.respond(415, "Unsupported Media Type", List.of(new SipRequest.Header("Accept", BodyTypes.GROUP_CONFIGURATION)));
      return;
    }
    ctx.gms.received(p, ct, req.body()).whenComplete((r, e) -> {
      if (e != null) req.respond(500, "Server Internal Error", Warnings.one(ctx.host(), "group configuration failed"));
      else req.respond(r.status(), r.reason(), r.warning().map(w -> Warnings.one(ctx.host(), w)).orElse(List.of()));
    });
  }

  private static boolean isGmsPsi(String pai, PartnerConfig p) {
    return pai.toLowerCase(Locale.ROOT).equals("sip:" + GmsConnection.PSI_USER + "@" + p.domain());
  }

  private void answer(SipRequest req, Outcome o, Throwable e) {
    if (e != null && NotDurable.of(e).isPresent()) o = Outcome.reject(NotDurable.of(e).get()); // undone: the store did not take it
    else if (e != null) {
      req.respond(500, "Server Internal Error", Warnings.one(ctx.host(), "regroup failed"));
      return;
    }
    if (o.rejection().isPresent()) {
      Rejection r = o.rejection().get();
      req.respond(r.sipStatus(), RegroupHandler.reasonPhrase(r.sipStatus()), Warnings.of(ctx.host(), r));
      return;
    }
    ctx.carryOut(o);
    req.respond(200, "OK");
  }

  private static boolean isPsi(String pai, PartnerConfig p) {
    String u = pai.toLowerCase(Locale.ROOT);
    for (McService s : McService.values()) if (u.equals(s.psi(p.domain()))) return true;
    return false;
  }
}
