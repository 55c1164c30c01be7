package org.muster.sip.server;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.muster.core.config.PartnerConfig;
import org.muster.protocol.EncodedBody;
import org.muster.sip.stack.OutgoingRequest;
import org.muster.sip.stack.SipRequest;

/**
 * Sends our GMS's requests to a partner system's GMS: MESSAGE from {@code sip:gms@OUR-DOMAIN}
 * ({@code P-Asserted-Identity}) to {@code sip:gms@PARTNER-DOMAIN} at the partner's provisioned SIP
 * address, over mutual TLS when the partner has a certificate, else UDP, or TCP for a body over
 * {@link MemberReportLink#UDP_MAX_BODY} bytes (RFC 3261 18.1.1). No answer within the partner
 * time-out is status 0.
 */
final class GmsSender implements GmsConnection.PartnerSender {
  private final ServerContext ctx;

  GmsSender(ServerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public CompletableFuture<GmsConnection.Reply> send(PartnerConfig p, EncodedBody body) {
    String theirs = "sip:" + GmsConnection.PSI_USER + "@" + p.domain();
    String ours = "sip:" + GmsConnection.PSI_USER + "@" + ctx.config.domain();
    OutgoingRequest request = new OutgoingRequest("MESSAGE", theirs, ours, theirs, p.address().host(), p.address().port(),
        PartnerLink.transportTo(p, body.body().length > MemberReportLink.UDP_MAX_BODY),
        List.of(new SipRequest.Header("P-Asserted-Identity", "<" + ours + ">")), body.contentType(), body.body());
    long timeout = ctx.settings.partnerTimeout().toMillis();
    return ctx.endpoint.send(request)
        .thenApply(r -> r.status() == 408 && r.header("Warning").isEmpty()
            ? new GmsConnection.Reply(0, "no answer", Optional.empty())
            : new GmsConnection.Reply(r.status(), r.reason(), r.header("Warning").map(PartnerLink::warningText)))
        .exceptionally(e -> new GmsConnection.Reply(0, "not sent: " + e.getMessage(), Optional.empty()))
        .completeOnTimeout(new GmsConnection.Reply(0, "no answer in " + timeout + " ms", Optional.empty()), timeout, TimeUnit.MILLISECONDS);
  }
}
