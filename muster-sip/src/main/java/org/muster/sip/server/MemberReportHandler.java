package org.muster.sip.server;

import java.util.Optional;
import org.muster.core.config.PartnerConfig;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.regroup.MemberReport;
import org.muster.protocol.decode.Decoded;
import org.muster.protocol.MemberReportBody;
import org.muster.sip.stack.SipRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary side of the member reports (an extension beyond WIRE.md, see {@link MemberReport}):
 * a MESSAGE from a partner that {@link PartnerHandler} already accepted as a provisioned partner.
 * Answers: 200 when recorded (or a repeat), 400 with a Warning for a malformed report, 403 when
 * the report names another system than the partner it came from, 404 with a Warning when no
 * regroup of ours in effect or recently cancelled spans that partner. Nothing else happens: the
 * report is shown in the per-member outcome and goes nowhere (neither to the store nor to clients).
 */
final class MemberReportHandler {
  private static final Logger log = LoggerFactory.getLogger(MemberReportHandler.class);
  private final ServerContext ctx;

  MemberReportHandler(ServerContext ctx) {
    this.ctx = ctx;
  }

  void handle(SipRequest req, PartnerConfig partner) {
    Decoded<MemberReport> decoded = MemberReportBody.decode(req.contentType().orElse(""), req.body());
    if (decoded instanceof Decoded.Bad<MemberReport> bad) {
      req.respond(400, "Bad Request", Warnings.one(ctx.host(), "malformed member report: " + bad.message()));
      return;
    }
    MemberReport report = ((Decoded.Ok<MemberReport>) decoded).value();
    if (!report.reportingSystem().equals(partner.domain())) {
      log.warn("member report from partner {} ({}) names reporting system {}: refused", partner.id(), partner.domain(), report.reportingSystem());
      req.respond(403, "Forbidden", Warnings.one(ctx.host(),
          "not authorized: the report names " + report.reportingSystem() + " but comes from partner " + partner.domain()));
      return;
    }
    Optional<McService> psi = ctx.serviceOfPsi(req.requestUri());
    if (psi.isPresent() && psi.get() != report.service()) {
      req.respond(400, "Bad Request", Warnings.one(ctx.host(), "malformed member report: <service> is " + report.service().word()
          + " but the MESSAGE went to the " + psi.get().word() + " PSI"));
      return;
    }
    ctx.core.call(core -> core.partnerMembersReported(partner.id(), report)).whenComplete((receipt, e) -> {
      if (e != null) {
        req.respond(500, "Server Internal Error", Warnings.one(ctx.host(), "member report failed"));
        return;
      }
      if (receipt.refusal().isPresent()) {
        Rejection r = receipt.refusal().get();
        log.debug("member report {}/{} from partner {} for {} refused: {}", report.stream(), report.sequence(), partner.id(),
            report.regroupGroup(), r.warningText());
        req.respond(r.sipStatus(), RegroupHandler.reasonPhrase(r.sipStatus()), Warnings.one(ctx.host(), r.warningText()));
        return;
      }
      log.debug("member report {}/{} from partner {} for {}: {}", report.stream(), report.sequence(), partner.id(), report.regroupGroup(),
          receipt.repeat() ? "a repeat, dropped" : receipt.recorded() + " step(s) recorded");
      req.respond(200, "OK");
    });
  }
}
