package org.muster.sip.server;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McServiceId;
import org.muster.core.port.RegroupRecord;
import org.muster.core.regroup.CrossSystem;
import org.muster.core.regroup.Outcome;
import org.muster.core.server.McServiceServer;
import org.muster.protocol.Decoded;
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
  static final String ACCEPT = "multipart/mixed, application/vnd.3gpp.mcptt-regroup+xml, "
      + "application/vnd.3gpp.mcvideo-regroup+xml, application/vnd.3gpp.mcdata-regroup+xml";
  private final ServerContext ctx;

  RegroupHandler(ServerContext ctx) {
    this.ctx = ctx;
  }

  void handle(SipRequest req) {
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
    Optional<McServiceId> originator = Originator.of(req);
    if (originator.isEmpty()) {
      req.respond(403, "Forbidden", Warnings.one(ctx.host(), "not authorized: From is not an MC service ID"));
      return;
    }
    McServiceId requester = originator.get();
    // WIRE.md: a body that names a different originator than the request's is rejected
    if (doc.callingUser().isPresent() && !doc.callingUser().get().equals(requester)) {
      req.respond(403, "Forbidden", Warnings.one(ctx.host(), "not authorized: calling user " + doc.callingUser().get() + " is not the originator"));
      return;
    }
    boolean create = doc.action() == RegroupAction.CREATE;
    ctx.core.call(core -> {
      if (core.registrationsOf(requester).isEmpty()) return Optional.<CrossSystem>empty();
      if (create) {
        return Optional.of(durableCreate(core, core.regroupAcrossSystems(doc.service(), new PreconfiguredRegroupRequest.FromClient(
            requester, doc.regroupGroup(), doc.configurationGroup().orElseThrow(), doc.targets().orElseThrow()))));
      }
      Optional<RegroupRecord> before = ctx.core.keeper().beforeCancel(core, doc.regroupGroup());
      return Optional.of(durableCancel(core, core.cancelAcrossSystems(doc.service(),
          new PreconfiguredRegroupCancelRequest.FromClient(requester, doc.regroupGroup())), before));
    }).whenComplete((o, e) -> {
      if (e != null) {
        req.respond(500, "Server Internal Error", Warnings.one(ctx.host(), "regroup failed"));
      } else if (o.isEmpty()) {
        req.respond(403, "Forbidden", Warnings.one(ctx.host(), "not authorized: " + requester + " has no current registration"));
      } else if (o.get().toPartners().isEmpty()) {
        answer(req, o.get().outcome());
      } else if (create) {
        acrossSystems(req, doc, o.get());
      } else {
        // 10.xx.3.3.3: cancelled here at once; step 10 answers after the partners' cancel responses
        ctx.carryOut(o.get().outcome());
        ctx.partnerLink.send(o.get().toPartners()).thenAccept(answers -> {
          List<String> silent = answers.entrySet().stream()
              .filter(a -> !(a.getValue() instanceof org.muster.core.regroup.PartnerAnswer.Accepted)).map(a -> a.getKey()).toList();
          req.respond(200, "OK", silent.isEmpty() ? List.of()
              : Warnings.one(ctx.host(), "cancelled here; partner " + String.join(", ", silent) + " did not confirm the cancel"));
        });
      }
    });
  }

  /** 10.xx.3.3.1 steps 4 to 11 / 10.xx.3.3.4: wait for every partner, then all or nothing. */
  private void acrossSystems(SipRequest req, RegroupDocument doc, CrossSystem begun) {
    ctx.partnerLink.send(begun.toPartners())
        .thenCompose(answers -> ctx.core.call(core -> durableCreate(core, core.partnersAnswered(doc.regroupGroup(), begun.instance(), answers))))
        .whenComplete((done, e) -> {
          if (e != null) {
            req.respond(500, "Server Internal Error", Warnings.one(ctx.host(), "regroup failed"));
            return;
          }
          if (!done.toPartners().isEmpty()) ctx.partnerLink.send(done.toPartners()); // cancels to partners that accepted
          answer(req, done.outcome());
        });
  }

  private void answer(SipRequest req, Outcome o) {
    if (o.rejection().isPresent()) {
      Rejection r = o.rejection().get();
      for (var ev : o.events()) ctx.publish(ev);
      req.respond(r.sipStatus(), reasonPhrase(r.sipStatus()), Warnings.one(ctx.host(), r.warningText()));
    } else {
      ctx.carryOut(o);
      req.respond(200, "OK");
    }
  }

  // ---- durable state (StateKeeper): committed before the answer, or undone and refused

  /** A formed regroup is committed before the 200; a clash in the store or an outage refuses it. */
  private CrossSystem durableCreate(McServiceServer core, CrossSystem decided) {
    Outcome o = ctx.core.keeper().created(core, decided.outcome());
    return o == decided.outcome() ? decided : CrossSystem.local(o);
  }

  /** A cancel is committed before the 200; an outage reinstates the regroup and refuses it (503). */
  private CrossSystem durableCancel(McServiceServer core, CrossSystem decided, Optional<RegroupRecord> before) {
    Outcome o = ctx.core.keeper().cancelled(core, decided.outcome(), before);
    return o == decided.outcome() ? decided : CrossSystem.local(o);
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
