package org.muster.sip.server;

import org.muster.core.config.PartnerConfig;
import org.muster.core.flow.Rejection;
import org.muster.core.regroup.PartnerRelease;
import org.muster.protocol.PartnerReleaseBody;
import org.muster.protocol.decode.Decoded;
import org.muster.sip.stack.SipRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary side of a partner release (an extension beyond WIRE.md, {@link PartnerRelease}): a
 * MESSAGE from a partner that {@link PartnerHandler} already accepted as a provisioned partner.
 * Answers 200 when recorded (also a repeat), 400 with a Warning for a malformed body, 403 when it
 * names another system than the partner it came from, 404 with a Warning when no regroup of ours,
 * in effect or recently cancelled, spans that partner. The release is logged and shown in the
 * regroup's outcome; the primary's later cancel is not sent to that partner.
 */
final class PartnerReleaseHandler {
  private static final Logger log = LoggerFactory.getLogger(PartnerReleaseHandler.class);

  private PartnerReleaseHandler() {}

  static void handle(ServerContext ctx, SipRequest req, PartnerConfig partner) {
    Decoded<PartnerRelease> decoded = PartnerReleaseBody.decode(req.contentType().orElse(""), req.body());
    if (decoded instanceof Decoded.Bad<PartnerRelease> bad) {
      req.respond(400, "Bad Request", Warnings.one(ctx.host(), "malformed partner release: " + bad.message()));
      return;
    }
    PartnerRelease notice = ((Decoded.Ok<PartnerRelease>) decoded).value();
    if (!notice.reportingSystem().equals(partner.domain())) {
      req.respond(403, "Forbidden", Warnings.one(ctx.host(),
          "not authorized: the release names " + notice.reportingSystem() + " but comes from partner " + partner.domain()));
      return;
    }
    ctx.core.call(core -> core.partnerRelease().received(partner.id(), notice)).whenComplete((receipt, e) -> {
      if (e != null) {
        req.respond(500, "Server Internal Error", Warnings.one(ctx.host(), "partner release failed"));
        return;
      }
      if (receipt.refusal().isPresent()) {
        Rejection r = receipt.refusal().get();
        req.respond(r.sipStatus(), RegroupHandler.reasonPhrase(r.sipStatus()), Warnings.one(ctx.host(), r.warningText()));
        return;
      }
      if (!receipt.repeat()) {
        log.warn("partner {} released its part of regroup {} ({}): by {} at {}{}", partner.id(), notice.regroupGroup().uri(),
            notice.service().word(), notice.releasedBy(), notice.at(), notice.reason().isEmpty() ? "" : ": " + notice.reason());
      }
      req.respond(200, "OK");
    });
  }
}
