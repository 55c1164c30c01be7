package org.muster.sip.server;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.muster.core.config.PartnerConfig;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.Rejection;
import org.muster.core.regroup.PartnerAnswer;
import org.muster.core.regroup.PartnerRequest;
import org.muster.protocol.EncodedBody;
import org.muster.protocol.RegroupAction;
import org.muster.protocol.RegroupBody;
import org.muster.protocol.RegroupDocument;
import org.muster.sip.stack.OutgoingRequest;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WIRE.md "Server to server: interconnection": sends server-to-server flows (10.xx.2.3, 10.xx.2.9)
 * as MESSAGE to the partner server's PSI with {@code P-Asserted-Identity} = our PSI (over mutual
 * TLS to a partner provisioned with a certificate: {@link #transportTo}), and turns
 * its answer into the response (200), the reject (4xx/5xx with the partner's Warning) or silence.
 */
final class PartnerLink {
  private static final Logger log = LoggerFactory.getLogger(PartnerLink.class);
  private final ServerContext ctx;

  PartnerLink(ServerContext ctx) {
    this.ctx = ctx;
  }

  /** Sends one request; completes with the partner's answer, or silence after {@link ServerSettings#partnerTimeout()}. */
  CompletableFuture<PartnerAnswer> sendOne(PartnerRequest r) {
    Optional<PartnerConfig> partner = ctx.config.partner(r.partnerId());
    if (partner.isEmpty()) return CompletableFuture.completedFuture(new PartnerAnswer.Silent("not provisioned"));
    PartnerConfig p = partner.get();
    EncodedBody body = RegroupBody.encode(documentOf(r));
    String psi = r.service().psi(p.domain());
    String ours = r.service().psi(ctx.config.domain());
    OutgoingRequest request = new OutgoingRequest("MESSAGE", psi, ours, psi, p.address().host(), p.address().port(), transportTo(p, false),
        List.of(new SipRequest.Header("P-Asserted-Identity", "<" + ours + ">")), body.contentType(), body.body());
    Duration timeout = ctx.settings.partnerTimeout();
    return ctx.endpoint.send(request)
        .thenApply(PartnerLink::answerOf)
        .exceptionally(e -> new PartnerAnswer.Silent("not sent: " + e.getMessage())) // never exceptionally
        .completeOnTimeout(new PartnerAnswer.Silent("no answer in " + timeout.toMillis() + " ms"), timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((a, e) -> {
          if (!(a instanceof PartnerAnswer.Silent)) ctx.partnerContact.put(p.id(), ctx.clock.instant());
          log.info("partner {}: {} to the {} request", p.id(), a.describe(), r.isCancel() ? "cancel" : "create");
        });
  }

  /**
   * How server-to-server requests reach partner {@code p}: over mutual TLS when it is provisioned
   * with a certificate (its {@code sip} address is then its SIP-over-TLS address), else over UDP,
   * or TCP for a body too big for UDP (RFC 3261 18.1.1).
   */
  static String transportTo(PartnerConfig p, boolean bigBody) {
    if (p.certificate().isPresent()) return "TLS";
    return bigBody ? "TCP" : "UDP";
  }

  static PartnerAnswer answerOf(SipResponse answer) {
    if (answer.isSuccess()) return new PartnerAnswer.Accepted();
    // no answer, or our own stack could not reach it (a 503 without the partner's Warning)
    if (answer.status() == 408 || (answer.status() == 503 && answer.header("Warning").isEmpty())) {
      return new PartnerAnswer.Silent(answer.status() + " " + answer.reason());
    }
    Optional<String> header = answer.header("Warning");
    String warning = header.map(PartnerLink::warningText).orElse(answer.status() + " " + answer.reason());
    return new PartnerAnswer.Rejected(Rejection.passedOn(answer.status(), header.map(PartnerLink::warnAgent).orElse(""), warning));
  }

  /** The warn-agent of {@code 399 HOST "text"} (RFC 3261 20.43), or empty when it is not one. */
  static String warnAgent(String warning) {
    String[] parts = warning.trim().split("\\s+", 3);
    return parts.length >= 2 && parts[1].matches("[A-Za-z0-9.:\\[\\]_-]+") ? parts[1] : "";
  }

  static String warningText(String warning) {
    int q = warning.indexOf('"');
    int e = warning.lastIndexOf('"');
    return q >= 0 && e > q ? warning.substring(q + 1, e) : warning;
  }

  static RegroupDocument documentOf(PartnerRequest r) {
    if (r.flow() instanceof PreconfiguredRegroupRequest.BetweenServers b) {
      return new RegroupDocument(r.service(), RegroupAction.CREATE, Optional.of(b.requester()), Optional.empty(), false,
          Optional.of(b.configurationGroup()), b.regroupGroup(), Optional.of(b.targets()));
    }
    PreconfiguredRegroupCancelRequest.BetweenServers c = (PreconfiguredRegroupCancelRequest.BetweenServers) r.flow();
    return new RegroupDocument(r.service(), RegroupAction.REMOVE, Optional.of(c.requester()), Optional.empty(), false,
        Optional.empty(), c.regroupGroup(), Optional.empty());
  }
}
